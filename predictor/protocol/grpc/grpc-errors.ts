/**
 * @module protocol/grpc/grpc-errors
 * THE error → gRPC status table, beside REST's http-errors.ts and fed by the same hierarchy.
 * A `PredictorError` keeps its message; anything else is INTERNAL with a generic one, so no
 * stack, path or SDK text reaches a client. Refusals a client should retry (RESOURCE_EXHAUSTED,
 * UNAVAILABLE) carry `google.rpc.RetryInfo` in `grpc-status-details-bin` (the rich error model
 * gRPC clients read) and the same delay in seconds as `retry-after` metadata.
 */
import { Metadata, status as Status, type StatusObject } from '@grpc/grpc-js';
import { PredictorError, type ErrorCode } from '../../errors.js';
import { DEFAULT_RETRY_AFTER_SECONDS } from '../http-errors.js';
import { loadGrpcDefinitions } from './load-grpc-definitions.js';

/** Status per error code; the gRPC counterpart of STATUS_BY_CODE. */
export const GRPC_STATUS_BY_CODE: Readonly<Record<ErrorCode, Status>> = Object.freeze({
  invalid_input: Status.INVALID_ARGUMENT,
  // REST's 422: the content itself was refused, so sending it again as it is cannot succeed.
  content_blocked: Status.INVALID_ARGUMENT,
  unauthorized: Status.UNAUTHENTICATED,
  forbidden: Status.PERMISSION_DENIED,
  model_not_found: Status.NOT_FOUND,
  route_not_found: Status.NOT_FOUND,
  method_not_allowed: Status.UNIMPLEMENTED,
  not_implemented: Status.UNIMPLEMENTED,
  // grpc-js answers an oversized message with RESOURCE_EXHAUSTED too.
  payload_too_large: Status.RESOURCE_EXHAUSTED,
  rate_limited: Status.RESOURCE_EXHAUSTED,
  budget_exceeded: Status.RESOURCE_EXHAUSTED,
  cancelled: Status.CANCELLED,
  config_invalid: Status.INTERNAL,
  // REST's 502s and 503s: gRPC's HTTP mapping makes both UNAVAILABLE, the retryable status.
  llm_unavailable: Status.UNAVAILABLE,
  llm_invalid_response: Status.UNAVAILABLE,
  model_not_ready: Status.UNAVAILABLE,
  server_not_ready: Status.UNAVAILABLE,
  llm_rate_limited: Status.UNAVAILABLE,
  circuit_open: Status.UNAVAILABLE,
  overloaded: Status.UNAVAILABLE,
  // Upstream refused our request: retrying it unchanged cannot help, so not UNAVAILABLE.
  llm_rejected: Status.INTERNAL,
  llm_timeout: Status.DEADLINE_EXCEEDED,
  deadline_exceeded: Status.DEADLINE_EXCEEDED,
});

/** What a handler passes to grpc-js for a failed call. */
export interface GrpcError extends StatusObject {
  /** False for the generic INTERNAL: the error was not raised on purpose and must be logged. */
  readonly isExpected: boolean;
}

const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

function statusDetails(code: Status, message: string, retryAfterSeconds: number): Buffer {
  const { statusType, retryInfoType } = loadGrpcDefinitions();
  const retryInfo = retryInfoType.encode(retryInfoType.create({ retry_delay: { seconds: retryAfterSeconds } })).finish();
  const status = statusType.create({ code, message, details: [{ type_url: RETRY_INFO_TYPE_URL, value: retryInfo }] });
  return Buffer.from(statusType.encode(status).finish());
}

/**
 * Maps any thrown value to a gRPC status with trailing metadata.
 * @example toGrpcError(new ModelNotFoundError('m')).code // status.NOT_FOUND
 */
export function toGrpcError(error: unknown): GrpcError {
  const metadata = new Metadata();
  if (!(error instanceof PredictorError) || error.code === 'config_invalid') {
    return { code: Status.INTERNAL, details: 'internal error', metadata, isExpected: error instanceof PredictorError };
  }
  const code = GRPC_STATUS_BY_CODE[error.code];
  if (code === Status.RESOURCE_EXHAUSTED || code === Status.UNAVAILABLE) {
    if (error.code !== 'payload_too_large') {
      const seconds = Math.max(0, Math.ceil(error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS));
      metadata.set('retry-after', String(seconds));
      metadata.set('grpc-status-details-bin', statusDetails(code, error.message, seconds));
    }
  }
  return { code, details: error.message, metadata, isExpected: true };
}
