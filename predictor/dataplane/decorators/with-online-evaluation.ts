/**
 * @module dataplane/decorators/with-online-evaluation
 * PredictorModel decorator that hands a sample of answered requests to an online
 * evaluator. The sampling decision is made before `predict` so the evaluator can record
 * the LLM calls the request makes (their grounding feeds the source check); the response
 * is returned as soon as `predict` resolves and the evaluation runs later, never awaited.
 * Unsampled requests go straight to the model.
 */
import { delegate } from '../../contract/delegate-model.js';
import type { PredictorModel } from '../../contract/predictor-model.js';
import type { ModelRequest, ModelResponse } from '../../contract/tensor.js';

/** The evaluator as this decorator sees it (evaluation/online-evaluator.ts implements it). */
export interface OnlineEvaluationHook<TCall> {
  isSampled(): boolean;
  record<T>(work: () => Promise<T>): Promise<{ readonly value: T; readonly calls: readonly TCall[] }>;
  submit(prediction: {
    readonly modelName: string;
    readonly requestId: string;
    readonly request: ModelRequest;
    readonly response: ModelResponse;
    readonly calls: readonly TCall[];
  }): void;
}

export interface WithOnlineEvaluationOptions<TCall> {
  readonly model: PredictorModel;
  readonly evaluator: OnlineEvaluationHook<TCall>;
}

/** @example registry = createModelRegistry([withOnlineEvaluation({ model: withPromptSplit({ model, ... }), evaluator })]); */
export function withOnlineEvaluation<TCall>({ model, evaluator }: WithOnlineEvaluationOptions<TCall>): PredictorModel {
  return {
    ...delegate(model),
    async predict(request, context) {
      if (!evaluator.isSampled()) return model.predict(request, context);
      const { value: response, calls } = await evaluator.record(() => model.predict(request, context));
      try {
        evaluator.submit({ modelName: model.name, requestId: context.requestId, request, response, calls });
      } catch {
        // Monitoring must never fail a request that has already succeeded.
      }
      return response;
    },
  };
}
