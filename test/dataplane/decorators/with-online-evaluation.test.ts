import { expect } from 'chai';
import { withOnlineEvaluation, type OnlineEvaluationHook } from '../../../predictor/dataplane/decorators/with-online-evaluation.js';
import { ANONYMOUS_PRINCIPAL, type RequestContext } from '../../../predictor/contract/request-context.js';
import type { ModelResponse } from '../../../predictor/contract/tensor.js';
import { FakePredictorModel } from '../../fakes/fake-predictor-model.js';

const CONTEXT: RequestContext = {
  requestId: 'req-1',
  signal: new AbortController().signal,
  deadlineAtMs: Number.MAX_SAFE_INTEGER,
  principal: ANONYMOUS_PRINCIPAL,
};
const RESPONSE: ModelResponse = { outputs: [], parameters: { prompt_version: 'v1' } };

function hook({
  isSampled,
  submitError,
}: {
  isSampled: boolean;
  submitError?: Error;
}): OnlineEvaluationHook<string> & { submitted: unknown[]; recordings: number } {
  const state = {
    submitted: [] as unknown[],
    recordings: 0,
    isSampled: () => isSampled,
    async record<T>(work: () => Promise<T>) {
      state.recordings++;
      return { value: await work(), calls: ['call-1'] };
    },
    submit(prediction: unknown) {
      if (submitError) throw submitError;
      state.submitted.push(prediction);
    },
  };
  return state;
}

describe('withOnlineEvaluation', () => {
  it('records a sampled request and hands request, response and calls to the evaluator', async () => {
    const evaluator = hook({ isSampled: true });
    const model = new FakePredictorModel({ name: 'podcast-pipeline', script: [RESPONSE] });
    const request = { inputs: [] };
    const response = await withOnlineEvaluation({ model, evaluator }).predict(request, CONTEXT);
    expect(response).to.equal(RESPONSE);
    expect(evaluator.submitted).to.deep.equal([
      { modelName: 'podcast-pipeline', requestId: 'req-1', request, response: RESPONSE, calls: ['call-1'] },
    ]);
  });

  it('leaves an unsampled request alone', async () => {
    const evaluator = hook({ isSampled: false });
    const model = new FakePredictorModel({ script: [RESPONSE] });
    await withOnlineEvaluation({ model, evaluator }).predict({ inputs: [] }, CONTEXT);
    expect(evaluator.recordings).to.equal(0);
    expect(evaluator.submitted).to.deep.equal([]);
  });

  it('answers the request even when the evaluator throws', async () => {
    const evaluator = hook({ isSampled: true, submitError: new Error('queue broken') });
    const model = new FakePredictorModel({ script: [RESPONSE] });
    expect(await withOnlineEvaluation({ model, evaluator }).predict({ inputs: [] }, CONTEXT)).to.equal(RESPONSE);
  });

  it('submits nothing when predict fails, and rethrows', async () => {
    const evaluator = hook({ isSampled: true });
    const model = new FakePredictorModel({ script: [new Error('model failed')] });
    let message = '';
    await withOnlineEvaluation({ model, evaluator })
      .predict({ inputs: [] }, CONTEXT)
      .catch((error: Error) => (message = error.message));
    expect(message).to.equal('model failed');
    expect(evaluator.submitted).to.deep.equal([]);
  });
});
