/**
 * @module llm/wrap-model
 * Composes middleware around a model; the first listed is the outermost, so
 * `[withCache, withUsageTracking, withRetry, withTimeout]` means cache hits spend nothing
 * and the timeout applies per attempt. Each middleware supplies only the calls it wraps;
 * the model's metadata is copied here, once per layer, so a new metadata field is one edit
 * (`metadataOf`) rather than one per middleware.
 */
import type { LanguageModel, LanguageModelMetadata, LanguageModelMiddleware } from './language-model.js';

export interface WrapModelOptions {
  readonly model: LanguageModel;
  readonly middleware: readonly LanguageModelMiddleware[];
}

/** Every metadata field, listed once: the return type makes a missing field a compile error. */
function metadataOf(model: LanguageModel): LanguageModelMetadata {
  return { modelId: model.modelId, supportsGroundedJson: model.supportsGroundedJson };
}

/** `model` with one middleware's calls in front of its own; calls the middleware leaves out pass through. */
function applyMiddleware(model: LanguageModel, middleware: LanguageModelMiddleware): LanguageModel {
  const calls = middleware(model);
  return { ...metadataOf(model), generate: calls.generate ?? model.generate.bind(model) };
}

/** @example wrapModel({ model: createGeminiModel({ client, modelId }), middleware: [withRetry(retry), withTimeout(timeout)] }) */
export function wrapModel({ model, middleware }: WrapModelOptions): LanguageModel {
  return middleware.reduceRight(applyMiddleware, model);
}
