/**
 * @module llm/middleware/with-fallback
 * A fallback chain (e.g. pro → flash → flash-lite): when the primary fails for capacity or
 * health reasons after its own retries (overloaded, unavailable, timed out, breaker open,
 * rate-limited), the next model in the chain answers and the result names it in
 * `fallbackModel`. Failures about the request itself (content blocked, invalid input,
 * rejected) never fall back: another model would refuse it just the same.
 *
 * `supportsGroundedJson` reports the primary's flag: the caller builds its request for the
 * primary (the usual chain shares the capability) and should not lose schema + Search on
 * the primary because an older fallback lacks it. Instead, a fallback that cannot serve a
 * request combining `responseJsonSchema` with `useGoogleSearch` is skipped.
 */
import {
  CancelledError,
  CircuitOpenError,
  LlmRateLimitedError,
  LlmTimeoutError,
  LlmUnavailableError,
  OverloadedError,
} from '../../errors.js';
import type {
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  LanguageModelCalls,
  LanguageModelMiddleware,
} from '../language-model.js';
import type { Now } from '../../clock.js';

export interface FallbackEvent {
  readonly fromModelId: string;
  readonly toModelId: string;
  readonly error: unknown;
}

export interface FallbackOptions {
  /** Models to try after the primary, in order (each with its own resilience stack). */
  readonly fallbacks: readonly LanguageModel[];
  readonly now: Now;
  /** Metric `llm_fallbacks_total{from,to}`. */
  readonly onFallback?: ((event: FallbackEvent) => void) | undefined;
}

/** Whether another model might succeed where this one failed. */
export function isFallbackEligible(error: unknown): boolean {
  return (
    error instanceof OverloadedError ||
    error instanceof LlmUnavailableError ||
    error instanceof CircuitOpenError ||
    error instanceof LlmRateLimitedError ||
    error instanceof LlmTimeoutError
  );
}

function canServe(model: LanguageModel, request: GenerateRequest): boolean {
  // An explicit context cache belongs to one model; another model cannot read it. The
  // pipeline retries such a call with the full prompt, which may then fall back.
  if (request.cachedContent !== undefined) return false;
  const needsGroundedJson = request.responseJsonSchema !== undefined && request.useGoogleSearch === true;
  return !needsGroundedJson || model.supportsGroundedJson;
}

/**
 * Tries `fallbacks` in order when the wrapped (primary) model fails with an eligible error.
 * When every model fails, the last model's error is thrown.
 *
 * @example
 * wrapModel({ model: pro, middleware: [withFallback({ fallbacks: [flash, flashLite], now: Date.now })] })
 */
export function withFallback({ fallbacks, now, onFallback }: FallbackOptions): LanguageModelMiddleware {
  return function fallbackModel(primary: LanguageModel): LanguageModelCalls {
    async function generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerateResult> {
      let lastError: unknown;
      let lastModelId = primary.modelId;
      try {
        return await primary.generate(request, options);
      } catch (error) {
        lastError = error;
      }
      for (const fallback of fallbacks) {
        if (!isFallbackEligible(lastError)) break;
        if (options.signal?.aborted) throw new CancelledError(`Call to ${primary.modelId} was cancelled`, { cause: lastError });
        // No time left for another model: the upstream failure is the real reason.
        if (options.deadlineAtMs !== undefined && now() >= options.deadlineAtMs) break;
        if (!canServe(fallback, request)) continue;
        onFallback?.({ fromModelId: lastModelId, toModelId: fallback.modelId, error: lastError });
        try {
          const result = await fallback.generate(request, options);
          return { ...result, fallbackModel: fallback.modelId };
        } catch (error) {
          lastError = error;
          lastModelId = fallback.modelId;
        }
      }
      throw lastError;
    }
    return { generate };
  };
}
