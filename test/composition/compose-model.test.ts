import { expect } from 'chai';
import type { Admission, CostEstimate, RequestLimiter } from '../../predictor/contract/access-control.js';
import type { PredictorModel } from '../../predictor/contract/predictor-model.js';
import { ANONYMOUS_PRINCIPAL, type RequestContext } from '../../predictor/contract/request-context.js';
import type { ModelRequest } from '../../predictor/contract/tensor.js';
import { composeModel } from '../../predictor/composition/compose-model.js';
import { createPayloadLogger, REQUEST_EVENT_TYPE, RESPONSE_EVENT_TYPE } from '../../predictor/dataplane/decorators/payload-logger.js';
import type { OnlineEvaluationHook } from '../../predictor/dataplane/decorators/with-online-evaluation.js';
import { RateLimitedError } from '../../predictor/errors.js';
import type { CloudEvent } from '../../predictor/observability/cloud-events/cloud-event.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';

const CONTEXT: RequestContext = {
  requestId: 'req-1',
  signal: new AbortController().signal,
  deadlineAtMs: Number.MAX_SAFE_INTEGER,
  principal: ANONYMOUS_PRINCIPAL,
};
const REQUEST: ModelRequest = { inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: ['{}'] }] };

/** Every decorator's view of one request, in the order things happened. */
function setUp({ refusal }: { refusal?: Error } = {}) {
  const trail: string[] = [];
  const events: CloudEvent[] = [];
  const fake = new FakePredictorModel({
    name: 'podcast-pipeline',
    script: [
      (request) => ({
        outputs: [],
        parameters: { prompt_version: String(request.parameters?.prompt_version) },
        usage: { tokens: 10, costUsd: 0.5 },
      }),
    ],
  });
  const model: PredictorModel = {
    name: fake.name,
    version: fake.version,
    isReady: () => true,
    load: async () => undefined,
    unload: async () => undefined,
    metadata: () => fake.metadata(),
    async estimateCost(request): Promise<CostEstimate> {
      trail.push(`estimate ${String(request.parameters?.prompt_version)}`);
      return { maxTokens: 100, maxCostUsd: 1 };
    },
    predict(request, context) {
      trail.push('model');
      return fake.predict(request, context);
    },
  };
  const limiter: RequestLimiter = {
    async admit(): Promise<Admission> {
      trail.push('admit');
      if (refusal) throw refusal;
      return { settle: async (actual) => void trail.push(`settle ${actual.tokens} ${actual.costUsd}`) };
    },
  };
  const evaluator: OnlineEvaluationHook<string> = {
    isSampled: () => (trail.push('sample?'), true),
    async record(work) {
      return { value: await work(), calls: [] };
    },
    submit: () => void trail.push('evaluate'),
  };
  const payloadLogger = createPayloadLogger({
    delivery: { deliver: (event) => void events.push(event), flush: async () => undefined },
    redact: (text) => text,
    now: () => 0,
  });
  const served = composeModel({
    model,
    payloadLogger,
    promptSplit: {
      split: [{ version: 'v2', weight: 1 }],
      knownVersions: ['v1', 'v2'],
      onAnswered: (_ids, version) => void trail.push(`answered ${version}`),
    },
    evaluator,
    limiter,
  });
  return { served, trail, events, fake };
}

describe('composeModel', () => {
  it('wraps payload logging → prompt split → request limits → online evaluation around the model', async () => {
    const { served, trail, events } = setUp();

    const response = await served.predict(REQUEST, CONTEXT);

    // The limits reserve the worst case of the version the split chose, and wrap the evaluator.
    expect(trail).to.deep.equal(['estimate v2', 'admit', 'sample?', 'model', 'evaluate', 'settle 10 0.5', 'answered v2']);
    expect(response.parameters).to.deep.equal({ prompt_version: 'v2' });
    // Payload logging sees what the client sent (no version yet) and what it got.
    expect(events.map((event) => event.type)).to.deep.equal([REQUEST_EVENT_TYPE, RESPONSE_EVENT_TYPE]);
    expect(events[0]?.data).to.not.have.property('parameters');
    expect(events[1]?.data).to.deep.include({ parameters: { prompt_version: 'v2' } });
  });

  it('refuses over-limit requests before the evaluator samples them or the model runs; the payload log has the request only', async () => {
    const refusal = new RateLimitedError('Request limit of 1 per minute reached; retry in 60 s');
    const { served, trail, events, fake } = setUp({ refusal });

    const failure = await served.predict(REQUEST, CONTEXT).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).to.equal(refusal);
    expect(trail).to.deep.equal(['estimate v2', 'admit']);
    expect(fake.calls).to.have.length(0);
    expect(events.map((event) => event.type)).to.deep.equal([REQUEST_EVENT_TYPE]);
  });

  it('serves without limits and without payload logging when neither is configured', async () => {
    const model = new FakePredictorModel({ name: 'podcast-pipeline', script: [{ outputs: [], usage: { tokens: 1 } }] });
    const evaluator: OnlineEvaluationHook<string> = {
      isSampled: () => false,
      record: async (work) => ({ value: await work(), calls: [] }),
      submit: () => undefined,
    };

    const served = composeModel({ model, promptSplit: { split: [], knownVersions: ['v1'] }, evaluator });

    expect(await served.predict(REQUEST, CONTEXT)).to.deep.equal({ outputs: [], usage: { tokens: 1 } });
    expect(model.calls).to.have.length(1);
  });
});
