import { expect } from 'chai';
import type { Admission, CostEstimate, RequestLimiter } from '../../../predictor/contract/access-control.js';
import type { PredictorModel } from '../../../predictor/contract/predictor-model.js';
import { ANONYMOUS_PRINCIPAL, type RequestContext } from '../../../predictor/contract/request-context.js';
import type { ModelRequest, ModelResponse } from '../../../predictor/contract/tensor.js';
import { withRequestLimits } from '../../../predictor/dataplane/decorators/with-request-limits.js';
import {
  BudgetExceededError,
  CancelledError,
  InvalidInputError,
  LlmUnavailableError,
  RateLimitedError,
} from '../../../predictor/errors.js';
import { FakePredictorModel, type PredictStep } from '../../fakes/fake-predictor-model.js';

const PRINCIPAL = { id: 'team-a', roles: ['user'], authMethod: 'api-key' } as const;
const REQUEST: ModelRequest = { inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: ['{}'] }] };
const WORST_CASE: CostEstimate = { maxTokens: 5000, maxCostUsd: 0.5 };

function contextFor(signal = new AbortController().signal): RequestContext {
  return { requestId: 'req-1', signal, deadlineAtMs: Number.MAX_SAFE_INTEGER, principal: PRINCIPAL };
}

/** Records, in order, what was admitted, what the model ran and what was settled; refuses with `refusal` when set. */
class RecordingLimiter implements RequestLimiter {
  readonly events: string[] = [];
  readonly admitted: Parameters<RequestLimiter['admit']>[0][] = [];
  readonly settled: Parameters<Admission['settle']>[0][] = [];
  refusal: Error | undefined;

  async admit(request: Parameters<RequestLimiter['admit']>[0]): Promise<Admission> {
    this.events.push('admit');
    if (this.refusal) throw this.refusal;
    this.admitted.push(request);
    return {
      settle: async (actual) => {
        this.events.push('settle');
        this.settled.push({ ...actual });
      },
    };
  }
}

/** A fake model with a worst case, logging its predict calls into the limiter's event list. */
function estimatingModel(
  limiter: RecordingLimiter,
  steps: readonly PredictStep[],
  estimate: (request: ModelRequest) => CostEstimate = () => WORST_CASE,
): PredictorModel & { fake: FakePredictorModel } {
  const fake = new FakePredictorModel({ name: 'podcast-pipeline', script: steps });
  return {
    fake,
    name: fake.name,
    version: fake.version,
    isReady: () => fake.isReady(),
    load: () => fake.load(),
    unload: () => fake.unload(),
    metadata: () => fake.metadata(),
    estimateCost: async (request) => estimate(request),
    predict: (request, context) => {
      limiter.events.push('predict');
      return fake.predict(request, context);
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('withRequestLimits', () => {
  it("reserves the model's worst case for the caller and model before predict, and settles after it", async () => {
    const limiter = new RecordingLimiter();
    const response: ModelResponse = { outputs: [], usage: { tokens: 1200, costUsd: 0.01 } };
    const limited = withRequestLimits({ model: estimatingModel(limiter, [response]), limiter });

    expect(await limited.predict(REQUEST, contextFor())).to.equal(response);

    expect(limiter.events).to.deep.equal(['admit', 'predict', 'settle']);
    expect(limiter.admitted).to.deep.equal([{ principal: PRINCIPAL, modelName: 'podcast-pipeline', estimate: WORST_CASE }]);
    expect(limiter.settled).to.deep.equal([{ tokens: 1200, costUsd: 0.01 }]);
  });

  it('settles the typed usage, not token and cost numbers in the response parameters', async () => {
    const limiter = new RecordingLimiter();
    const misleading: ModelResponse = {
      outputs: [],
      parameters: { input_tokens: 90_000, output_tokens: 9_000, cost_usd: 42 },
      usage: { tokens: 1500, costUsd: 0.003 },
    };
    const limited = withRequestLimits({ model: estimatingModel(limiter, [misleading]), limiter });

    const answer = await limited.predict(REQUEST, contextFor());

    expect(limiter.settled).to.deep.equal([{ tokens: 1500, costUsd: 0.003 }]);
    expect(answer.parameters, 'the parameters reach the client unchanged').to.deep.equal({
      input_tokens: 90_000,
      output_tokens: 9_000,
      cost_usd: 42,
    });
  });

  it('settles 0 tokens and 0 USD for a response without typed usage, whatever its parameters say', async () => {
    const limiter = new RecordingLimiter();
    const untyped: ModelResponse = { outputs: [], parameters: { input_tokens: 700, output_tokens: 300, cost_usd: 0.2 } };
    const limited = withRequestLimits({ model: estimatingModel(limiter, [untyped]), limiter });

    await limited.predict(REQUEST, contextFor());

    expect(limiter.settled).to.deep.equal([{ tokens: 0, costUsd: 0 }]);
  });

  it('settles 0 USD when the typed usage has tokens but no price', async () => {
    const limiter = new RecordingLimiter();
    const limited = withRequestLimits({ model: estimatingModel(limiter, [{ outputs: [], usage: { tokens: 800 } }]), limiter });

    await limited.predict(REQUEST, contextFor());

    expect(limiter.settled).to.deep.equal([{ tokens: 800, costUsd: 0 }]);
  });

  it('settles 0 when predict fails, and the failure reaches the caller unchanged', async () => {
    const limiter = new RecordingLimiter();
    const failure = new LlmUnavailableError('Gemini is unavailable');
    const limited = withRequestLimits({ model: estimatingModel(limiter, [failure]), limiter });

    expect(await rejection(limited.predict(REQUEST, contextFor()))).to.equal(failure);

    expect(limiter.events).to.deep.equal(['admit', 'predict', 'settle']);
    expect(limiter.settled).to.deep.equal([{ tokens: 0, costUsd: 0 }]);
  });

  it('settles what the upstream calls were billed before predict failed, and tells an outer meter too', async () => {
    const limiter = new RecordingLimiter();
    const failure = new LlmUnavailableError('the fact-checker failed after the others answered');
    const spendThenFail: PredictStep = (_request, context) => {
      context.spend?.add({ tokens: 1_200, costUsd: 0.002 });
      context.spend?.add({ tokens: 800, costUsd: 0.001 });
      throw failure;
    };
    const outer: { tokens: number; costUsd: number }[] = [];
    const limited = withRequestLimits({ model: estimatingModel(limiter, [spendThenFail]), limiter });

    expect(await rejection(limited.predict(REQUEST, { ...contextFor(), spend: { add: (call) => outer.push(call) } }))).to.equal(failure);

    expect(limiter.settled).to.have.length(1);
    expect(limiter.settled[0]?.tokens).to.equal(2_000);
    expect(limiter.settled[0]?.costUsd).to.be.closeTo(0.003, 1e-12);
    expect(outer).to.deep.equal([
      { tokens: 1_200, costUsd: 0.002 },
      { tokens: 800, costUsd: 0.001 },
    ]);
  });

  it('settles 0 when the request is aborted while the model runs', async () => {
    const limiter = new RecordingLimiter();
    const waitForAbort: PredictStep = (_request, context) =>
      new Promise((_resolve, reject) =>
        context.signal.addEventListener('abort', () => reject(new CancelledError('client went away')), { once: true }),
      );
    const model = estimatingModel(limiter, [waitForAbort]);
    const controller = new AbortController();
    const running = model.fake.nextCall();

    const answer = rejection(withRequestLimits({ model, limiter }).predict(REQUEST, contextFor(controller.signal)));
    await running;
    controller.abort();

    expect(await answer).to.be.instanceOf(CancelledError);
    expect(limiter.settled).to.deep.equal([{ tokens: 0, costUsd: 0 }]);
  });

  it('lets a refusal through with its RateLimit state, without running the model or settling', async () => {
    for (const refusal of [
      new RateLimitedError('Request limit of 1 per minute reached; retry in 60 s', {
        retryAfterSeconds: 60,
        limit: { limit: 1, remaining: 0, resetSeconds: 60 },
      }),
      new BudgetExceededError('Daily budget of 1 USD reached; it resets at 00:00 UTC', {
        retryAfterSeconds: 3600,
        limit: { limit: 1_000_000, remaining: 0, resetSeconds: 3600 },
      }),
    ]) {
      const limiter = new RecordingLimiter();
      limiter.refusal = refusal;
      const model = estimatingModel(limiter, []);

      const failure = await rejection(withRequestLimits({ model, limiter }).predict(REQUEST, contextFor()));

      expect(failure).to.equal(refusal);
      expect(failure).to.have.deep.property('limit', refusal.limit);
      expect(limiter.events).to.deep.equal(['admit']);
      expect(model.fake.calls).to.have.length(0);
    }
  });

  it('reserves nothing when the worst case cannot be estimated (the request does not decode)', async () => {
    const limiter = new RecordingLimiter();
    const model = estimatingModel(limiter, [], () => {
      throw new InvalidInputError('Element 0 of input episode is not valid JSON');
    });

    expect(await rejection(withRequestLimits({ model, limiter }).predict(REQUEST, contextFor()))).to.be.instanceOf(InvalidInputError);

    expect(limiter.events).to.deep.equal([]);
    expect(model.fake.calls).to.have.length(0);
  });

  it('admits a model without estimateCost with no estimate', async () => {
    const limiter = new RecordingLimiter();
    const limited = withRequestLimits({ model: new FakePredictorModel({ name: 'echo', script: [{ outputs: [] }] }), limiter });

    await limited.predict(REQUEST, { ...contextFor(), principal: ANONYMOUS_PRINCIPAL });

    expect(limiter.admitted).to.deep.equal([{ principal: ANONYMOUS_PRINCIPAL, modelName: 'echo' }]);
    expect(limiter.settled).to.deep.equal([{ tokens: 0, costUsd: 0 }]);
  });

  it('forwards metadata, readiness and the worst case of the model it wraps', async () => {
    const limiter = new RecordingLimiter();
    const model = estimatingModel(limiter, []);
    const limited = withRequestLimits({ model, limiter });

    expect(limited.metadata()).to.deep.equal(model.metadata());
    expect(limited.isReady()).to.equal(true);
    expect(await limited.estimateCost?.(REQUEST)).to.deep.equal(WORST_CASE);
  });
});
