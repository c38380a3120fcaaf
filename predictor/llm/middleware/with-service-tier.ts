/**
 * @module llm/middleware/with-service-tier
 * Marks every request for a capacity class (e.g. Vertex provisioned throughput from
 * `PROVISIONED_THROUGHPUT=dedicated`) unless the request already chose one. Listed before
 * the response cache, so the tier is part of the cache key the store sees.
 */
import type { GenerateRequest, LanguageModel, LanguageModelCalls, LanguageModelMiddleware, ServiceTier } from '../language-model.js';

export interface ServiceTierOptions {
  readonly serviceTier: ServiceTier;
}

/**
 * @example
 * withServiceTier({ serviceTier: 'provisioned' })
 */
export function withServiceTier({ serviceTier }: ServiceTierOptions): LanguageModelMiddleware {
  return function tieredModel(model: LanguageModel): LanguageModelCalls {
    return {
      generate: (request: GenerateRequest, options) =>
        model.generate(request.serviceTier === undefined ? { ...request, serviceTier } : request, options),
    };
  };
}
