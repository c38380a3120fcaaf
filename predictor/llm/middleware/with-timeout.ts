/**
 * @module llm/middleware/with-timeout
 * Per-attempt timeout (`LLM_CALL_TIMEOUT_MS`), further capped by the request deadline. The
 * caller's signal and our timer are combined (`AbortSignal.any`) and passed down, so the
 * SDK's fetch is really aborted; the timer firing becomes LlmTimeoutError (retryable), the
 * caller aborting stays CancelledError. The call settles as soon as either fires, even if
 * the model below ignores its signal.
 */
import { raceAbort } from '../../abort.js';
import { CancelledError, DeadlineExceededError, LlmTimeoutError, PredictorError } from '../../errors.js';
import type {
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  LanguageModelCalls,
  LanguageModelMiddleware,
} from '../language-model.js';
import type { Now, Sleep } from '../../clock.js';

export interface TimeoutOptions {
  readonly timeoutMs: number;
  readonly now: Now;
  /** Drives the timer, so tests fire it with a manual clock. */
  readonly sleep: Sleep;
}

// Stops the timer once the call settles. A reason given up front: abort() without one builds
// a DOMException, stack trace included, on every call.
const CALL_SETTLED = Object.freeze({ reason: 'call settled' });

/**
 * Bounds each call by `timeoutMs` and the request deadline.
 *
 * @example
 * withTimeout({ timeoutMs: 120_000, now: Date.now, sleep: realSleep })
 */
export function withTimeout({ timeoutMs, now, sleep }: TimeoutOptions): LanguageModelMiddleware {
  return function timedModel(model: LanguageModel): LanguageModelCalls {
    async function generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerateResult> {
      const callerSignal = options.signal;
      if (callerSignal?.aborted) throw new CancelledError(`Call to ${model.modelId} was cancelled`, { cause: callerSignal.reason });
      const remainingMs = options.deadlineAtMs === undefined ? Infinity : options.deadlineAtMs - now();
      if (remainingMs <= 0) throw new DeadlineExceededError(`Deadline passed before calling ${model.modelId}`);
      const isDeadlineBound = remainingMs < timeoutMs;
      const limitMs = Math.min(timeoutMs, remainingMs);

      const timer = new AbortController();
      const cleanup = new AbortController();
      const signal = callerSignal ? AbortSignal.any([callerSignal, timer.signal]) : timer.signal;
      sleep(limitMs, cleanup.signal).then(
        // A TimeoutError reason lets the adapter map its own abort to LlmTimeoutError as well.
        () => timer.abort(new DOMException(`LLM call exceeded ${limitMs} ms`, 'TimeoutError')),
        () => undefined,
      );

      try {
        const call = model.generate(request, { ...options, signal });
        return await raceAbort(call, signal, () => abortError(model.modelId, callerSignal, limitMs, isDeadlineBound));
      } catch (error) {
        if (signal.aborted) throw abortError(model.modelId, callerSignal, limitMs, isDeadlineBound, error);
        throw error;
      } finally {
        cleanup.abort(CALL_SETTLED);
      }
    }
    return { generate };
  };
}

function abortError(
  modelId: string,
  callerSignal: AbortSignal | undefined,
  limitMs: number,
  isDeadlineBound: boolean,
  cause?: unknown,
): PredictorError {
  if (callerSignal?.aborted) {
    return cause instanceof CancelledError
      ? cause
      : new CancelledError(`Call to ${modelId} was cancelled`, { cause: cause ?? callerSignal.reason });
  }
  // Cut off by the request deadline rather than the per-call limit: retrying cannot help.
  if (isDeadlineBound) return new DeadlineExceededError(`Deadline reached while calling ${modelId}`, { cause });
  return new LlmTimeoutError(`Call to ${modelId} exceeded ${limitMs} ms`, { cause });
}
