/**
 * @module dataplane/decorators/with-request-limits
 * PredictorModel decorator that holds a request to its caller's limits (requests and tokens
 * per minute, daily USD budget; see security/request-limiter.ts): the model's worst case
 * (`estimateCost`) is reserved before `predict`, and the reservation is settled after it
 * with the response's typed `usage`, never with its parameters (those are for clients).
 * A `predict` that throws settles what its upstream calls were billed before it failed (the
 * spend meter the decorator hands down in the request context, which the LLM layer tells of
 * every billed call), so a run made to fail after spending, or cancelled by its caller at
 * the last moment, is still charged. A response without `usage` settles 0.
 * A refused admission (RateLimitedError, BudgetExceededError, carrying what the RateLimit
 * headers report) propagates before the model runs.
 */
import { yieldToEventLoop } from '../../clock.js';
import type { RequestLimiter } from '../../contract/access-control.js';
import { delegate } from '../../contract/delegate-model.js';
import type { PredictorModel } from '../../contract/predictor-model.js';
import type { Spend } from '../../contract/request-context.js';
import type { ModelResponse } from '../../contract/tensor.js';

export interface WithRequestLimitsOptions {
  readonly model: PredictorModel;
  readonly limiter: RequestLimiter;
}

/** @example registry = createModelRegistry([withRequestLimits({ model, limiter: security.limiter })]); */
export function withRequestLimits({ model, limiter }: WithRequestLimitsOptions): PredictorModel {
  return {
    ...delegate(model),
    async predict(request, context) {
      // A turn of the event loop before the request's work starts: under load, the I/O already
      // waiting (answers to the LLM calls of requests in flight, health probes) is served
      // first, so requests in flight move on before a new one takes the CPU.
      await yieldToEventLoop();
      // The worst case decodes every episode (a large one in turns of the event loop).
      const estimate = model.estimateCost ? { estimate: await model.estimateCost(request) } : {};
      const admission = await limiter.admit({ principal: context.principal, modelName: model.name, ...estimate });
      const billed = { tokens: 0, costUsd: 0 };
      const spend = {
        add(call: Spend) {
          billed.tokens += call.tokens;
          billed.costUsd += call.costUsd;
          context.spend?.add(call);
        },
      };
      let response: ModelResponse;
      try {
        response = await model.predict(request, { ...context, spend });
      } catch (error) {
        await admission.settle(billed);
        throw error;
      }
      await admission.settle({ tokens: response.usage?.tokens ?? 0, costUsd: response.usage?.costUsd ?? 0 });
      return response;
    },
  };
}
