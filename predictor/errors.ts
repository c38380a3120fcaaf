/**
 * @module errors
 * The one error hierarchy of the predictor. Modules throw these without knowing about
 * HTTP; `protocol/http-errors.ts` is the only place that maps a `code` to a status.
 */

/** Options every predictor error accepts. */
export interface PredictorErrorOptions {
  readonly cause?: unknown;
  /** Seconds after which a retry may succeed (Retry-After on 429/503). */
  readonly retryAfterSeconds?: number | undefined;
}

/** Stable error codes; `protocol/http-errors.ts` maps each to a status. */
export type ErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'model_not_found'
  | 'route_not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'content_blocked'
  | 'rate_limited'
  | 'budget_exceeded'
  | 'not_implemented'
  | 'llm_unavailable'
  | 'llm_rate_limited'
  | 'llm_invalid_response'
  | 'llm_rejected'
  | 'circuit_open'
  | 'overloaded'
  | 'model_not_ready'
  | 'server_not_ready'
  | 'llm_timeout'
  | 'deadline_exceeded'
  | 'cancelled'
  | 'config_invalid';

/** Base of every error the predictor raises on purpose (operational errors). */
export abstract class PredictorError extends Error {
  abstract readonly code: ErrorCode;
  /** Whether repeating the same operation may succeed. */
  readonly retryable: boolean = false;
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: PredictorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The client sent something we cannot accept (bad JSON, schema, shape, episode). */
export class InvalidInputError extends PredictorError {
  readonly code = 'invalid_input';
}

/** No or invalid credentials. */
export class UnauthorizedError extends PredictorError {
  readonly code = 'unauthorized';
}

/** Valid credentials, but the principal may not do this action on this model. */
export class ForbiddenError extends PredictorError {
  readonly code = 'forbidden';
}

export class ModelNotFoundError extends PredictorError {
  readonly code = 'model_not_found';
  constructor(modelName: string, options?: PredictorErrorOptions) {
    super(`Model with name ${modelName} does not exist.`, options);
  }
}

export class RouteNotFoundError extends PredictorError {
  readonly code = 'route_not_found';
}

export class MethodNotAllowedError extends PredictorError {
  readonly code = 'method_not_allowed';
  readonly allowedMethods: readonly string[];
  constructor(message: string, allowedMethods: readonly string[], options?: PredictorErrorOptions) {
    super(message, options);
    this.allowedMethods = allowedMethods;
  }
}

export class PayloadTooLargeError extends PredictorError {
  readonly code = 'payload_too_large';
}

/** The LLM (or a guardrail) refused the content: safety block, blocked prompt, policy. */
export class ContentBlockedError extends PredictorError {
  readonly code = 'content_blocked';
}

/** A limit's state when it refused a request, for the RateLimit-* response headers. */
export interface LimitState {
  /** The quota of the window, in the limit's unit (requests, tokens, micro-USD). */
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the window resets. */
  readonly resetSeconds: number;
}

/** A per-principal request or token rate limit was hit. */
export class RateLimitedError extends PredictorError {
  readonly code = 'rate_limited';
  override readonly retryable = true;
  /** Limit state for RateLimit-* response headers, when known. */
  readonly limit: LimitState | undefined;
  constructor(message: string, options: PredictorErrorOptions & { limit?: LimitState } = {}) {
    super(message, options);
    this.limit = options.limit;
  }
}

/** A per-principal spend budget would be exceeded. */
export class BudgetExceededError extends PredictorError {
  readonly code = 'budget_exceeded';
  /** Budget state (micro-USD) for RateLimit-* response headers, when known. */
  readonly limit: LimitState | undefined;
  constructor(message: string, options: PredictorErrorOptions & { limit?: LimitState } = {}) {
    super(message, options);
    this.limit = options.limit;
  }
}

/** A protocol feature (or model version) this server deliberately does not offer. */
export class NotImplementedError extends PredictorError {
  readonly code = 'not_implemented';
}

/** Upstream LLM failed in a way that may pass (5xx, network). */
export class LlmUnavailableError extends PredictorError {
  readonly code = 'llm_unavailable';
  override readonly retryable = true;
  readonly upstreamStatus: number | undefined;
  constructor(message: string, upstreamStatus?: number, options?: PredictorErrorOptions) {
    super(message, options);
    this.upstreamStatus = upstreamStatus;
  }
}

/** Upstream LLM quota or rate limit (429 RESOURCE_EXHAUSTED). */
export class LlmRateLimitedError extends PredictorError {
  readonly code = 'llm_rate_limited';
  override readonly retryable = true;
}

/** Upstream LLM rejected the request itself (4xx other than 408/429): not retryable. */
export class LlmRejectedError extends PredictorError {
  readonly code = 'llm_rejected';
  readonly upstreamStatus: number | undefined;
  constructor(message: string, upstreamStatus?: number, options?: PredictorErrorOptions) {
    super(message, options);
    this.upstreamStatus = upstreamStatus;
  }
}

/** The LLM answered, but not with what was asked (malformed JSON, schema mismatch). */
export class LlmInvalidResponseError extends PredictorError {
  readonly code = 'llm_invalid_response';
  override readonly retryable = true;
}

/** A per-attempt LLM timeout fired. */
export class LlmTimeoutError extends PredictorError {
  readonly code = 'llm_timeout';
  override readonly retryable = true;
}

/** The circuit breaker for a model is open: fail fast. */
export class CircuitOpenError extends PredictorError {
  readonly code = 'circuit_open';
}

/** A bulkhead or queue is full: shed load. */
export class OverloadedError extends PredictorError {
  readonly code = 'overloaded';
}

export class ModelNotReadyError extends PredictorError {
  readonly code = 'model_not_ready';
  constructor(modelName: string, options?: PredictorErrorOptions) {
    super(`Model ${modelName} is not ready`, options);
  }
}

/** The server is starting or draining. */
export class ServerNotReadyError extends PredictorError {
  readonly code = 'server_not_ready';
}

/** The request's overall deadline passed. */
export class DeadlineExceededError extends PredictorError {
  readonly code = 'deadline_exceeded';
}

/** The caller went away (client disconnect) or shutdown aborted the work. */
export class CancelledError extends PredictorError {
  readonly code = 'cancelled';
}

/** Configuration failed validation at start-up. */
export class ConfigError extends PredictorError {
  readonly code = 'config_invalid';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

/** True for errors that a retry might fix. Non-predictor errors count as not retryable. */
export function isRetryable(error: unknown): boolean {
  return error instanceof PredictorError && error.retryable;
}
