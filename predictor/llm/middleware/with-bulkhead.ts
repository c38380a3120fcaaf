/**
 * @module llm/middleware/with-bulkhead
 * Bounds concurrent upstream calls per model with a bounded wait queue (cockatiel
 * bulkhead). When both are full the call fails fast with OverloadedError (retry after 1 s)
 * instead of piling up behind a slow model; the fallback middleware may then try another.
 * A caller that aborts while queued leaves at once; cockatiel drops its queue entry when
 * the entry's turn comes (it checks the signal before running it), so no upstream call
 * is made for it.
 */
import { bulkhead, BulkheadRejectedError, TaskCancelledError } from 'cockatiel';
import { raceAbort } from '../../abort.js';
import { CancelledError, OverloadedError } from '../../errors.js';
import type {
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  LanguageModelCalls,
  LanguageModelMiddleware,
} from '../language-model.js';

export interface BulkheadOptions {
  readonly maxConcurrentCalls: number;
  readonly maxQueuedCalls: number;
}

function cancelled(modelId: string, cause: unknown): CancelledError {
  return cause instanceof CancelledError ? cause : new CancelledError(`Call to ${modelId} was cancelled`, { cause });
}

/**
 * Creates the bulkhead middleware; each model it wraps gets its own slots and queue.
 *
 * @example
 * withBulkhead({ maxConcurrentCalls: 32, maxQueuedCalls: 64 })
 */
export function withBulkhead({ maxConcurrentCalls, maxQueuedCalls }: BulkheadOptions): LanguageModelMiddleware {
  return function bulkheadModel(model: LanguageModel): LanguageModelCalls {
    const policy = bulkhead(maxConcurrentCalls, maxQueuedCalls);

    async function generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerateResult> {
      const { signal } = options;
      const execution = policy.execute(() => model.generate(request, options), signal);
      try {
        // A queued call we stop waiting for may still reject later (TaskCancelledError); raceAbort absorbs that.
        return await raceAbort(execution, signal, () => cancelled(model.modelId, signal?.reason));
      } catch (error) {
        if (error instanceof BulkheadRejectedError) {
          throw new OverloadedError(`Too many concurrent calls to ${model.modelId}`, { cause: error, retryAfterSeconds: 1 });
        }
        if (error instanceof TaskCancelledError) throw cancelled(model.modelId, error);
        throw error;
      }
    }
    return { generate };
  };
}
