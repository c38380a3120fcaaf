/**
 * @module protocol/grpc/proto/rpc-status-proto
 * The rich error model's messages (googleapis google/rpc/status.proto and error_details.proto,
 * protobuf's any.proto and duration.proto; Apache-2.0 and BSD): a `google.rpc.Status` carrying
 * a `google.rpc.RetryInfo` travels in the `grpc-status-details-bin` trailer, which gRPC
 * clients read as the server's retry advice.
 */

/**
 * The messages needed to encode `grpc-status-details-bin` with RetryInfo. `Any` and `Duration`
 * sit in `google.rpc` here instead of `google.protobuf`: only field numbers and types reach the
 * wire, so the bytes are the same, and these types are never served by reflection.
 */
export const RPC_STATUS_PROTO = `syntax = "proto3";
package google.rpc;

message Any {
  string type_url = 1;
  bytes value = 2;
}

message Duration {
  int64 seconds = 1;
  int32 nanos = 2;
}

message Status {
  int32 code = 1;
  string message = 2;
  repeated Any details = 3;
}

message RetryInfo {
  Duration retry_delay = 1;
}
`;
