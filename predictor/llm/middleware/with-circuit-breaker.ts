/**
 * @module llm/middleware/with-circuit-breaker
 * A circuit breaker per model (cockatiel `ConsecutiveBreaker`): after N consecutive calls
 * that failed for upstream-health reasons it opens and fails fast with CircuitOpenError
 * (retryAfterSeconds = time left until the half-open probe), then lets one probe through.
 *
 * Counted: LlmUnavailableError (5xx, 408, network) and LlmTimeoutError. Not counted: 429
 * quota (LlmRateLimitedError) — it is about our project's spend rate, not the model's
 * health; the server says exactly when to come back (retry honours it) and fallback moves
 * on, whereas an open breaker would also block the calls that still fit the quota. Client
 * errors, content blocks and cancellations say nothing about the upstream either.
 *
 * In the provider the breaker sits outside retry, so one sample is one call after its
 * retries: a single bad request cannot open the breaker on its own.
 */
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  TaskCancelledError,
  type IBackoff,
  type IBackoffFactory,
  type IHalfOpenAfterBackoffContext,
} from 'cockatiel';
import { CancelledError, CircuitOpenError, LlmTimeoutError, LlmUnavailableError } from '../../errors.js';
import type {
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  LanguageModelCalls,
  LanguageModelMiddleware,
} from '../language-model.js';
import type { Now } from '../../clock.js';

import type { CircuitStateName } from '../../observability/llm-events.js';

export interface CircuitBreakerOptions {
  /** Consecutive counted failures that open the circuit. */
  readonly failureThreshold: number;
  readonly halfOpenAfterMs: number;
  readonly now: Now;
  /** Metric `llm_circuit_breaker_state`, logs. */
  readonly onStateChange?: ((modelId: string, state: CircuitStateName) => void) | undefined;
}

/** The middleware, plus the current state per model (for a metric collected on scrape). */
export interface CircuitBreakerMiddleware extends LanguageModelMiddleware {
  stateOf(modelId: string): CircuitStateName | undefined;
}

/** Whether a failure speaks about the upstream's health. */
export function isUpstreamHealthFailure(error: unknown): boolean {
  return error instanceof LlmUnavailableError || error instanceof LlmTimeoutError;
}

const STATE_NAMES: Readonly<Record<CircuitState, CircuitStateName>> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};

/**
 * Cockatiel measures the open period with `Date.now()`. This backoff answers its check
 * `Date.now() - openedAt < duration` from our injected clock instead: Infinity while the
 * break lasts, 0 once it is over, so tests move time without waiting.
 */
function halfOpenAfterOnClock(
  halfOpenAfterMs: number,
  now: Now,
  onOpen: (reopenAtMs: number) => void,
): IBackoffFactory<IHalfOpenAfterBackoffContext> {
  const open = (): IBackoff<IHalfOpenAfterBackoffContext> => {
    const reopenAtMs = now() + halfOpenAfterMs;
    onOpen(reopenAtMs);
    return {
      get duration() {
        return now() < reopenAtMs ? Infinity : 0;
      },
      next: open,
    };
  };
  return { next: open };
}

/**
 * Creates the breaker middleware; each model it wraps gets its own breaker.
 *
 * @example
 * const breaker = withCircuitBreaker({ failureThreshold: 5, halfOpenAfterMs: 15_000, now: Date.now });
 * const model = wrapModel({ model: baseModel, middleware: [breaker] }); breaker.stateOf(model.modelId); // 'closed'
 */
export function withCircuitBreaker({
  failureThreshold,
  halfOpenAfterMs,
  now,
  onStateChange,
}: CircuitBreakerOptions): CircuitBreakerMiddleware {
  const states = new Map<string, CircuitStateName>();

  function breakerModel(model: LanguageModel): LanguageModelCalls {
    const { modelId } = model;
    let reopenAtMs = 0;
    const policy = circuitBreaker(handleWhen(isUpstreamHealthFailure), {
      breaker: new ConsecutiveBreaker(failureThreshold),
      halfOpenAfter: halfOpenAfterOnClock(halfOpenAfterMs, now, (atMs) => (reopenAtMs = atMs)),
    });
    states.set(modelId, 'closed');
    policy.onStateChange((state) => {
      states.set(modelId, STATE_NAMES[state]);
      onStateChange?.(modelId, STATE_NAMES[state]);
    });

    async function generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerateResult> {
      try {
        return await policy.execute(() => model.generate(request, options), options.signal);
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          const retryAfterSeconds = Math.max(1, Math.ceil((reopenAtMs - now()) / 1000));
          throw new CircuitOpenError(`Circuit breaker for ${modelId} is open`, { cause: error, retryAfterSeconds });
        }
        if (error instanceof TaskCancelledError) throw new CancelledError(`Call to ${modelId} was cancelled`, { cause: error });
        throw error;
      }
    }
    return { generate };
  }

  return Object.assign(breakerModel, { stateOf: (modelId: string) => states.get(modelId) });
}
