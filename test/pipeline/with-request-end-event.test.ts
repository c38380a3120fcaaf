import { expect } from 'chai';
import { ANONYMOUS_PRINCIPAL } from '../../predictor/contract/request-context.js';
import type { PredictorModel } from '../../predictor/contract/predictor-model.js';
import { DeadlineExceededError } from '../../predictor/errors.js';
import type { PipelineEvent } from '../../predictor/observability/pipeline-events.js';
import { withRequestEndEvent } from '../../predictor/pipeline/with-request-end-event.js';

function modelAnswering(predict: PredictorModel['predict']): PredictorModel {
  return {
    name: 'm',
    version: '1',
    isReady: () => true,
    load: async () => {},
    unload: async () => {},
    metadata: () => ({ name: 'm', versions: ['1'], platform: 'test', inputs: [], outputs: [] }),
    predict,
  };
}

const CONTEXT = { requestId: 'r', signal: new AbortController().signal, deadlineAtMs: 0, principal: ANONYMOUS_PRINCIPAL };
const REQUEST = { inputs: [] };

describe('withRequestEndEvent', () => {
  it('tells the sink the whole request took from predict to its response, and whether it was partial', async () => {
    const events: PipelineEvent[] = [];
    let nowMs = 1000;
    const model = withRequestEndEvent(
      modelAnswering(async () => {
        nowMs += 2500;
        return { outputs: [], parameters: { partial: true } };
      }),
      { onEvent: (event) => events.push(event), now: () => nowMs },
    );

    await model.predict(REQUEST, CONTEXT);

    expect(events).to.deep.equal([{ type: 'request-end', outcome: 'partial', durationMs: 2500 }]);
  });

  it('reports a failed request with its error code and rethrows the error', async () => {
    const events: PipelineEvent[] = [];
    const failure = new DeadlineExceededError('too slow');
    const model = withRequestEndEvent(
      modelAnswering(async () => {
        throw failure;
      }),
      { onEvent: (event) => events.push(event), now: () => 0 },
    );

    const thrown = await model.predict(REQUEST, CONTEXT).catch((error: unknown) => error);

    expect(thrown).to.equal(failure);
    expect(events).to.deep.equal([{ type: 'request-end', outcome: 'error', durationMs: 0, errorCode: 'deadline_exceeded' }]);
  });

  it('answers even when the sink throws', async () => {
    const model = withRequestEndEvent(
      modelAnswering(async () => ({ outputs: [] })),
      {
        onEvent: () => {
          throw new Error('sink broke');
        },
        now: () => 0,
      },
    );

    expect(await model.predict(REQUEST, CONTEXT)).to.deep.equal({ outputs: [] });
  });
});
