/**
 * @module contract/access-control
 * Seams for authentication, per-model authorisation and request limits. Transport code
 * extracts credentials and calls the guard; security/ implements it. Transport-neutral.
 */
import type { Principal } from './request-context.js';

/** What a principal may do to a model endpoint. */
export type Action = 'infer' | 'metadata' | 'jobs' | 'feedback' | 'admin';

/** Credentials as transport code found them (already stripped of the `Bearer ` prefix). */
export interface Credentials {
  readonly bearerToken?: string;
  readonly apiKey?: string;
}

export interface AccessGuard {
  /** Resolves the caller; throws UnauthorizedError for missing or invalid credentials. */
  authenticate(credentials: Credentials): Promise<Principal>;
  /** Throws ForbiddenError when the principal may not do `action` on `modelName`. */
  authorize(principal: Principal, modelName: string, action: Action): void;
}

/** Worst-case spend of a request, reserved before it runs. */
export interface CostEstimate {
  readonly maxTokens: number;
  readonly maxCostUsd: number;
}

export interface Admission {
  /** Settles the reservation with what the request really used (0 when it failed early). */
  settle(actual: { readonly tokens: number; readonly costUsd: number }): Promise<void>;
}

export interface RequestLimiter {
  /** Throws RateLimitedError / BudgetExceededError; otherwise reserves `estimate`. */
  admit(request: { readonly principal: Principal; readonly modelName: string; readonly estimate?: CostEstimate }): Promise<Admission>;
}
