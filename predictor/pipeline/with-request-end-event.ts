/**
 * @module pipeline/with-request-end-event
 * Times a pipeline model's whole `predict` (every episode of the request, from decoding to
 * the encoded response) and tells the event sink once it settles: `ok`, `partial` (an agent
 * or episode failed and the response says `partial`) or `error` with its code.
 */
import type { PredictorModel } from '../contract/predictor-model.js';
import { PredictorError } from '../errors.js';
import type { PipelineEventSink, RequestEndEvent } from '../observability/pipeline-events.js';

export interface WithRequestEndEventOptions {
  readonly onEvent: PipelineEventSink;
  /** Epoch ms clock. */
  readonly now: () => number;
}

/** @example return withRequestEndEvent(model, { onEvent, now }); */
export function withRequestEndEvent(model: PredictorModel, { onEvent, now }: WithRequestEndEventOptions): PredictorModel {
  const emit = (event: RequestEndEvent): void => {
    try {
      onEvent(event);
    } catch {
      // Telemetry never fails a request (the sink contract: a throwing sink is ignored).
    }
  };
  return {
    ...model,
    async predict(request, context) {
      const startedAtMs = now();
      try {
        const response = await model.predict(request, context);
        const outcome = response.parameters?.partial === true ? 'partial' : 'ok';
        emit({ type: 'request-end', outcome, durationMs: now() - startedAtMs });
        return response;
      } catch (error) {
        const errorCode = error instanceof PredictorError ? error.code : 'internal';
        emit({ type: 'request-end', outcome: 'error', durationMs: now() - startedAtMs, errorCode });
        throw error;
      }
    },
  };
}
