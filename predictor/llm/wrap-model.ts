/**
 * @module llm/wrap-model
 * Composes middleware around a model; the first listed is the outermost, so
 * `[withCache, withUsageTracking, withRetry, withTimeout]` means cache hits spend nothing
 * and the timeout applies per attempt.
 */
import type { LanguageModel, LanguageModelMiddleware } from './language-model.js';

export interface WrapModelOptions {
  readonly model: LanguageModel;
  readonly middleware: readonly LanguageModelMiddleware[];
}

export function wrapModel({ model, middleware }: WrapModelOptions): LanguageModel {
  return middleware.reduceRight((inner, wrap) => wrap(inner), model);
}
