/**
 * @module llm/middleware/with-retry
 * The one retry owner of the LLM layer (the SDK's own retries stay off: two layers would
 * multiply attempts, and the SDK's ignore the server's RetryInfo delay).
 * Retries only `retryable` errors (408/429/5xx/network/timeout/invalid response) with
 * exponential backoff and full jitter, honours the server's Retry-After/RetryInfo delay as
 * a minimum, never sleeps past the request deadline and stops as soon as the caller aborts.
 *
 * The delay arithmetic is cockatiel's `ExponentialBackoff` with a full-jitter generator fed
 * by the injected `random`. The loop is ours: cockatiel's `RetryPolicy` sleeps on a real
 * `setTimeout` that cannot be injected (tests would have to wait) and keeps sleeping after
 * an abort.
 */
import { ExponentialBackoff, noJitterGenerator, type GeneratorFn, type IBackoff } from 'cockatiel';
import { CancelledError, DeadlineExceededError, isRetryable, PredictorError } from '../../errors.js';
import type {
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  LanguageModelCalls,
  LanguageModelMiddleware,
} from '../language-model.js';
import type { Now, Random, Sleep } from '../../clock.js';

export interface RetryEvent {
  readonly modelId: string;
  /** The attempt that failed (1 = the first call). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

export interface RetryOptions {
  /** Attempts including the first; 1 disables retries. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly now: Now;
  readonly sleep: Sleep;
  readonly random: Random;
  /** Called before each backoff sleep (metric `llm_retries_total`). */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
}

/** Full jitter (AWS architecture blog): uniform in [0, min(max, base * 2^n)). */
function fullJitter(random: Random): GeneratorFn<number> {
  return (state, options) => {
    const [ceilingMs, next] = noJitterGenerator(state, options);
    return [Math.floor(random() * ceilingMs), next];
  };
}

function retryAfterMsOf(error: unknown): number {
  return error instanceof PredictorError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0;
}

function cancelled(modelId: string, cause: unknown): CancelledError {
  return cause instanceof CancelledError ? cause : new CancelledError(`Call to ${modelId} was cancelled`, { cause });
}

/**
 * Retries the wrapped model's retryable failures.
 *
 * @example
 * wrapModel({ model, middleware: [withRetry({ maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8000, now: Date.now, sleep: realSleep, random: Math.random })] });
 */
export function withRetry({ maxAttempts, baseDelayMs, maxDelayMs, now, sleep, random, onRetry }: RetryOptions): LanguageModelMiddleware {
  const backoffFactory = new ExponentialBackoff({ initialDelay: baseDelayMs, maxDelay: maxDelayMs, generator: fullJitter(random) });

  return function retryingModel(model: LanguageModel): LanguageModelCalls {
    async function generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerateResult> {
      const { signal, deadlineAtMs } = options;
      let backoff: IBackoff<unknown> | undefined;
      for (let attempt = 1; ; attempt++) {
        if (signal?.aborted) throw cancelled(model.modelId, signal.reason);
        if (deadlineAtMs !== undefined && now() >= deadlineAtMs) {
          throw new DeadlineExceededError(`Deadline passed before attempt ${attempt} of ${model.modelId}`);
        }
        try {
          return await model.generate(request, options);
        } catch (error) {
          if (signal?.aborted) throw cancelled(model.modelId, error);
          if (!isRetryable(error) || attempt >= maxAttempts) throw error;
          backoff = backoff === undefined ? backoffFactory.next() : backoff.next(undefined);
          const delayMs = Math.max(backoff.duration, retryAfterMsOf(error));
          if (deadlineAtMs !== undefined) {
            const nowMs = now();
            if (nowMs >= deadlineAtMs) throw new DeadlineExceededError(`Deadline passed while calling ${model.modelId}`, { cause: error });
            // Waking after the deadline only to be cut off: give the caller the real reason now.
            if (nowMs + delayMs >= deadlineAtMs) throw error;
          }
          onRetry?.({ modelId: model.modelId, attempt, delayMs, error });
          try {
            await sleep(delayMs, signal);
          } catch (sleepError) {
            throw cancelled(model.modelId, signal?.reason ?? sleepError);
          }
        }
      }
    }
    return { generate };
  };
}
