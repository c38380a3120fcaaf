/**
 * @module protocol/http-errors
 * THE error → HTTP status table: the only place where an error `code` becomes a status.
 * Every error body is the OIP error object `{"error": "<message>"}`; anything that is not a
 * `PredictorError` becomes a bare 500 so no stack, path or SDK text reaches a client.
 */
import { MethodNotAllowedError, PredictorError, RateLimitedError, type ErrorCode } from '../errors.js';

/** Status per error code. 499 is nginx's "client closed request": the caller left. */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = Object.freeze({
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  model_not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  content_blocked: 422,
  rate_limited: 429,
  budget_exceeded: 429,
  cancelled: 499,
  config_invalid: 500,
  not_implemented: 501,
  llm_unavailable: 502,
  llm_rejected: 502,
  llm_invalid_response: 502,
  model_not_ready: 503,
  server_not_ready: 503,
  llm_rate_limited: 503,
  circuit_open: 503,
  overloaded: 503,
  llm_timeout: 504,
  deadline_exceeded: 504,
});

/** What the transport sends for an error. */
export interface HttpError {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: { readonly error: string };
  /** False for the generic 500: the error was not raised on purpose and must be logged. */
  readonly isExpected: boolean;
}

const INTERNAL_ERROR: HttpError = Object.freeze({
  status: 500,
  headers: Object.freeze({}),
  body: Object.freeze({ error: 'internal error' }),
  isExpected: false,
});

function headersFor(error: PredictorError, status: number): Record<string, string> {
  const headers: Record<string, string> = {};
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
  if (error instanceof MethodNotAllowedError) headers.Allow = error.allowedMethods.join(', ');
  if ((status === 429 || status === 503) && error.retryAfterSeconds !== undefined) {
    headers['Retry-After'] = String(Math.max(0, Math.ceil(error.retryAfterSeconds)));
  }
  // IETF draft-ietf-httpapi-ratelimit-headers field names.
  if (error instanceof RateLimitedError && error.limit) {
    headers['RateLimit-Limit'] = String(error.limit.limit);
    headers['RateLimit-Remaining'] = String(Math.max(0, error.limit.remaining));
    headers['RateLimit-Reset'] = String(Math.max(0, Math.ceil(error.limit.resetSeconds)));
  }
  return headers;
}

/**
 * Maps any thrown value to status, headers and the `{"error": msg}` body.
 * @example toHttpError(new ModelNotFoundError('m')).status // 404
 */
export function toHttpError(error: unknown): HttpError {
  if (!(error instanceof PredictorError)) return INTERNAL_ERROR;
  const status = STATUS_BY_CODE[error.code] ?? 500;
  // A config error's message lists settings; it is a start-up concern, never client text.
  const message = error.code === 'config_invalid' ? 'internal error' : error.message;
  return { status, headers: headersFor(error, status), body: { error: message }, isExpected: true };
}
