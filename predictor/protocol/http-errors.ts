/**
 * @module protocol/http-errors
 * THE error → HTTP status table: the only place where an error `code` becomes a status.
 * Every error body is the OIP error object `{"error": "<message>"}`; anything that is not a
 * `PredictorError` becomes a bare 500 so no stack, path or SDK text reaches a client.
 *
 * Every 429 and 503 carries `Retry-After` (the error's own delay, else one second), and every
 * limit refusal (429) carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`
 * (draft-ietf-httpapi-ratelimit-headers-07 field names, which CORS exposes), so a client's
 * backoff never has to guess.
 */
import { BudgetExceededError, MethodNotAllowedError, PredictorError, RateLimitedError, type ErrorCode } from '../errors.js';

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

/**
 * Retry-After of a 429/503 whose error names no delay (draining, warming up, an upstream
 * 429 without RetryInfo): the condition is transient and one second is the shortest whole
 * value; the client's own backoff grows from there.
 */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

function headersFor(error: PredictorError, status: number): Record<string, string> {
  const headers: Record<string, string> = {};
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
  if (error instanceof MethodNotAllowedError) headers.Allow = error.allowedMethods.join(', ');
  if (status === 429 || status === 503) {
    headers['Retry-After'] = String(Math.max(0, Math.ceil(error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS)));
  }
  if ((error instanceof RateLimitedError || error instanceof BudgetExceededError) && error.limit) {
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
