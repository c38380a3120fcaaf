/**
 * @module dataplane/decorators/with-request-limits
 * PredictorModel decorator that holds a request to its caller's limits (requests and tokens
 * per minute, daily USD budget; see security/request-limiter.ts): the model's worst case
 * (`estimateCost`) is reserved before `predict`, and the reservation is settled after it
 * with the response's typed `usage`, never with its parameters (those are for clients).
 * A `predict` that throws settles 0 tokens and 0 USD, as does a response without `usage`.
 * A refused admission (RateLimitedError, BudgetExceededError, carrying what the RateLimit
 * headers report) propagates before the model runs.
 */
import type { RequestLimiter } from '../../contract/access-control.js';
import { delegate } from '../../contract/delegate-model.js';
import type { PredictorModel } from '../../contract/predictor-model.js';
import type { ResponseUsage } from '../../contract/tensor.js';

export interface WithRequestLimitsOptions {
  readonly model: PredictorModel;
  readonly limiter: RequestLimiter;
}

/** @example registry = createModelRegistry([withRequestLimits({ model, limiter: security.limiter })]); */
export function withRequestLimits({ model, limiter }: WithRequestLimitsOptions): PredictorModel {
  return {
    ...delegate(model),
    async predict(request, context) {
      const admission = await limiter.admit({
        principal: context.principal,
        modelName: model.name,
        ...(model.estimateCost ? { estimate: model.estimateCost(request) } : {}),
      });
      let usage: ResponseUsage | undefined;
      try {
        const response = await model.predict(request, context);
        usage = response.usage;
        return response;
      } finally {
        await admission.settle({ tokens: usage?.tokens ?? 0, costUsd: usage?.costUsd ?? 0 });
      }
    },
  };
}
