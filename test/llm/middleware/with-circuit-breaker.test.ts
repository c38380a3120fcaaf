import { expect } from 'chai';
import {
  CircuitOpenError,
  LlmRateLimitedError,
  LlmRejectedError,
  LlmTimeoutError,
  LlmUnavailableError,
} from '../../../predictor/errors.js';
import { withCircuitBreaker } from '../../../predictor/llm/middleware/with-circuit-breaker.js';
import { wrapModel } from '../../../predictor/llm/wrap-model.js';
import type { CircuitStateName } from '../../../predictor/observability/llm-events.js';
import { FakeLanguageModel, fakeResult, type FakeStep } from '../../fakes/fake-language-model.js';
import { createManualClock } from './manual-clock.js';

function setup(script: FakeStep[], failureThreshold = 3) {
  const clock = createManualClock();
  const transitions: [string, CircuitStateName][] = [];
  const breaker = withCircuitBreaker({
    failureThreshold,
    halfOpenAfterMs: 15_000,
    now: clock.now,
    onStateChange: (modelId, state) => transitions.push([modelId, state]),
  });
  const inner = new FakeLanguageModel({ modelId: 'gemini-3.8-flash', steps: script });
  return { clock, transitions, breaker, inner, model: wrapModel({ model: inner, middleware: [breaker] }) };
}

const down = () => new LlmUnavailableError('overloaded', 503);

async function callIgnoringErrors(model: { generate: (request: { contents: string[] }) => Promise<unknown> }, times: number) {
  for (let index = 0; index < times; index++) await model.generate({ contents: ['hi'] }).catch(() => undefined);
}

describe('withCircuitBreaker', () => {
  it('opens after N consecutive upstream failures and then fails fast with the time left', async () => {
    const { model, inner, clock, transitions, breaker } = setup([down(), down(), down(), fakeResult('ok')]);
    await callIgnoringErrors(model, 3);
    expect(transitions).to.deep.equal([['gemini-3.8-flash', 'open']]);
    expect(breaker.stateOf('gemini-3.8-flash')).to.equal('open');

    clock.advance(5_000);
    const thrown = await model.generate({ contents: ['hi'] }).catch((caught: unknown) => caught);
    expect(thrown).to.be.instanceOf(CircuitOpenError);
    expect((thrown as CircuitOpenError).retryAfterSeconds).to.equal(10);
    expect(inner.calls).to.have.length(3);
  });

  it('counts timeouts but not quota 429s or rejected requests', async () => {
    const { model, breaker } = setup([
      new LlmRateLimitedError('quota'),
      new LlmRateLimitedError('quota'),
      new LlmRejectedError('bad', 400),
      new LlmTimeoutError('slow'),
      new LlmTimeoutError('slow'),
      new LlmTimeoutError('slow'),
    ]);
    await callIgnoringErrors(model, 5);
    expect(breaker.stateOf('gemini-3.8-flash')).to.equal('closed');
    await callIgnoringErrors(model, 1);
    expect(breaker.stateOf('gemini-3.8-flash')).to.equal('open');
  });

  it('resets the count after a success', async () => {
    const { model, breaker } = setup([down(), down(), fakeResult('ok'), down(), down()]);
    await callIgnoringErrors(model, 5);
    expect(breaker.stateOf('gemini-3.8-flash')).to.equal('closed');
  });

  it('goes closed → open → half-open → closed when the probe succeeds', async () => {
    const { model, clock, transitions, inner } = setup([down(), down(), down(), fakeResult('probe'), fakeResult('ok')]);
    await callIgnoringErrors(model, 3);
    clock.advance(15_000);
    const probe = await model.generate({ contents: ['hi'] });
    expect(probe.text).to.equal('probe');
    await model.generate({ contents: ['hi'] });
    expect(transitions.map(([, state]) => state)).to.deep.equal(['open', 'half-open', 'closed']);
    expect(inner.calls).to.have.length(5);
  });

  it('reopens for a full period when the half-open probe fails', async () => {
    const { model, clock, transitions } = setup([down(), down(), down(), down()]);
    await callIgnoringErrors(model, 3);
    clock.advance(15_000);
    await callIgnoringErrors(model, 1);
    expect(transitions.map(([, state]) => state)).to.deep.equal(['open', 'half-open', 'open']);
    const thrown = await model.generate({ contents: ['hi'] }).catch((caught: unknown) => caught);
    expect((thrown as CircuitOpenError).retryAfterSeconds).to.equal(15);
  });

  it('keeps one breaker per model', async () => {
    const { breaker } = setup([]);
    const flash = wrapModel({ model: new FakeLanguageModel({ modelId: 'flash', steps: [down(), down(), down()] }), middleware: [breaker] });
    const pro = wrapModel({ model: new FakeLanguageModel({ modelId: 'pro', steps: [fakeResult('ok')] }), middleware: [breaker] });
    await callIgnoringErrors(flash, 3);
    expect(breaker.stateOf('flash')).to.equal('open');
    expect(breaker.stateOf('pro')).to.equal('closed');
    expect((await pro.generate({ contents: ['hi'] })).text).to.equal('ok');
  });

  it('passes results and non-counted errors through unchanged', async () => {
    const rejected = new LlmRejectedError('bad', 400);
    const { model } = setup([rejected]);
    expect(await model.generate({ contents: ['hi'] }).catch((caught: unknown) => caught)).to.equal(rejected);
  });
});
