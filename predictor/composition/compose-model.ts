/**
 * @module composition/compose-model
 * The one place the served model is decorated: the pipeline model wrapped in every model
 * decorator of dataplane/decorators/, in one documented order. The data plane's own checks
 * (draining, readiness, version, known outputs) run before all of them.
 */
import type { RequestLimiter } from '../contract/access-control.js';
import type { PredictorModel } from '../contract/predictor-model.js';
import type { PayloadLogger } from '../dataplane/decorators/payload-logger.js';
import { withOnlineEvaluation, type OnlineEvaluationHook } from '../dataplane/decorators/with-online-evaluation.js';
import { withPromptSplit, type WithPromptSplitOptions } from '../dataplane/decorators/with-prompt-split.js';
import { withRequestLimits } from '../dataplane/decorators/with-request-limits.js';

export interface ComposeModelOptions<TCall> {
  /** The model as built (the pipeline), undecorated. */
  readonly model: PredictorModel;
  /** Absent when no payload-log sink is configured. */
  readonly payloadLogger?: PayloadLogger | undefined;
  /** The prompt-version split and who learns the version that answered. */
  readonly promptSplit: Omit<WithPromptSplitOptions, 'model'>;
  readonly evaluator: OnlineEvaluationHook<TCall>;
  /** Rate, token and budget limits per principal and model; none when absent. */
  readonly limiter?: RequestLimiter;
}

/**
 * Outermost first: payload logging → prompt split → request limits → online evaluation →
 * model.
 * - Payload logging is outermost: it logs the request as the client sent it (before the split
 *   names a version) and the response the client got; a request the limits refuse is logged
 *   like any failed one, a request event without a response event.
 * - The prompt split runs before the limits, so the reserved worst case is that of the
 *   prompt version that will run (versions differ in instruction size).
 * - The limits wrap online evaluation: a refused request never uses a sample, and the judge
 *   runs after the response on the evaluation's own hourly budget, so none of its spend is
 *   in the usage settled against the caller.
 * @example const served = composeModel({ model: pipelineModel, payloadLogger, promptSplit, evaluator, limiter });
 */
export function composeModel<TCall>({ model, payloadLogger, promptSplit, evaluator, limiter }: ComposeModelOptions<TCall>): PredictorModel {
  const evaluated = withOnlineEvaluation({ model, evaluator });
  const limited = limiter ? withRequestLimits({ model: evaluated, limiter }) : evaluated;
  const split = withPromptSplit({ ...promptSplit, model: limited });
  return payloadLogger ? payloadLogger.wrap(split) : split;
}
