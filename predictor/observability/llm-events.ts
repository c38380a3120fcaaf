/**
 * @module observability/llm-events
 * What the LLM middleware reports to telemetry: one event per call, the breaker's state and
 * the response cache's lookup result. Defined here, with the metrics that record them, so
 * the LLM layer depends on observability and never the other way round.
 */
import type { Usage } from '../contract/usage.js';
import type { ErrorCode } from '../errors.js';

/** `success`, the error code of a predictor error, or `internal` for anything else. */
export type LlmCallOutcome = 'success' | ErrorCode | 'internal';

export interface LlmCallEvent {
  /** The requested model id (from config: a bounded metric label). */
  readonly modelId: string;
  /** The version that served the call, when it answered. */
  readonly modelVersion?: string;
  /** `labels.agent` of the request, `unknown` when absent. */
  readonly agent: string;
  readonly usage: Usage;
  /** Undefined when unknown: no answer, or no price for the served version. */
  readonly costUsd?: number | undefined;
  readonly durationMs: number;
  readonly outcome: LlmCallOutcome;
  readonly isCacheHit: boolean;
  readonly servedTier?: string;
}

export type CircuitStateName = 'closed' | 'half-open' | 'open';

/** `coalesced`: joined an identical call already in flight. */
export type CacheLookupResult = 'hit' | 'miss' | 'coalesced' | 'bypass';
