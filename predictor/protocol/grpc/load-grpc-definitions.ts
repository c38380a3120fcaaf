/**
 * @module protocol/grpc/load-grpc-definitions
 * Parses the protos once into what grpc-js serves (service definitions), what server
 * reflection describes (the package definition), and the `google.rpc.Status` codec for error
 * details. Messages keep the proto's snake_case field names; int64 values arrive as decimal
 * strings (exact past 2^53), bytes as Buffers, and a oneof names its chosen field.
 */
import type { ServiceDefinition } from '@grpc/grpc-js';
import { fromJSON, type PackageDefinition } from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { HEALTH_PROTO } from './proto/health-proto.js';
import { INFERENCE_PROTO } from './proto/inference-proto.js';
import { RPC_STATUS_PROTO } from './proto/rpc-status-proto.js';

export interface GrpcDefinitions {
  /** `inference.GRPCInferenceService` and `grpc.health.v1.Health`, with their messages. */
  readonly packageDefinition: PackageDefinition;
  readonly inferenceService: ServiceDefinition;
  readonly healthService: ServiceDefinition;
  /** Encodes a `google.rpc.Status` (the `grpc-status-details-bin` trailer). */
  readonly statusType: protobuf.Type;
  readonly retryInfoType: protobuf.Type;
}

/** How grpc-js turns messages into objects: see the module comment. */
const LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, bytes: Buffer, defaults: false, arrays: true, oneofs: true };

function parse(text: string): protobuf.Root {
  return protobuf.parse(text, { keepCase: true }).root;
}

let loaded: GrpcDefinitions | undefined;

/** The parsed definitions; parsed on first use and shared afterwards (they are constants). */
export function loadGrpcDefinitions(): GrpcDefinitions {
  if (loaded) return loaded;
  const root = new protobuf.Root();
  for (const text of [INFERENCE_PROTO, HEALTH_PROTO]) root.addJSON(parse(text).toJSON().nested ?? {});
  const packageDefinition = fromJSON(root.toJSON(), LOADER_OPTIONS);
  const statusRoot = parse(RPC_STATUS_PROTO);
  loaded = {
    packageDefinition,
    inferenceService: packageDefinition['inference.GRPCInferenceService'] as ServiceDefinition,
    healthService: packageDefinition['grpc.health.v1.Health'] as ServiceDefinition,
    statusType: statusRoot.lookupType('google.rpc.Status'),
    retryInfoType: statusRoot.lookupType('google.rpc.RetryInfo'),
  };
  return loaded;
}
