/**
 * @module contract/delegate-model
 * The base of PredictorModel decorators: every member forwarded to the wrapped model, so a
 * decorator spreads it and overrides only `predict`.
 */
import type { PredictorModel } from './predictor-model.js';

/** Every PredictorModel member forwarded to `model` (methods bound, so `this` stays right). */
export function delegate(model: PredictorModel): PredictorModel {
  return {
    name: model.name,
    version: model.version,
    isReady: () => model.isReady(),
    load: () => model.load(),
    unload: () => model.unload(),
    metadata: () => model.metadata(),
    ...(model.estimateCost ? { estimateCost: model.estimateCost.bind(model) } : {}),
    predict: (request, context) => model.predict(request, context),
  };
}
