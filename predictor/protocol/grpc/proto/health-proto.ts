/**
 * @module protocol/grpc/proto/health-proto
 * The standard gRPC health checking protocol (`grpc.health.v1`, grpc/grpc-proto, Apache-2.0):
 * what Kubernetes gRPC probes and grpc_health_probe call.
 */

/** The proto source of `grpc.health.v1.Health`. */
export const HEALTH_PROTO = `syntax = "proto3";
package grpc.health.v1;

message HealthCheckRequest {
  string service = 1;
}

message HealthCheckResponse {
  enum ServingStatus {
    UNKNOWN = 0;
    SERVING = 1;
    NOT_SERVING = 2;
    SERVICE_UNKNOWN = 3;  // Used only by the Watch method.
  }
  ServingStatus status = 1;
}

service Health {
  rpc Check(HealthCheckRequest) returns (HealthCheckResponse);
  rpc Watch(HealthCheckRequest) returns (stream HealthCheckResponse);
}
`;
