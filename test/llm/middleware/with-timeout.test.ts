import { expect } from 'chai';
import { CancelledError, DeadlineExceededError, LlmRejectedError, LlmTimeoutError } from '../../../predictor/errors.js';
import { withTimeout } from '../../../predictor/llm/middleware/with-timeout.js';
import { wrapModel } from '../../../predictor/llm/wrap-model.js';
import { FakeLanguageModel, deferredStep, fakeResult, hangUntilAborted, type FakeStep } from '../../fakes/fake-language-model.js';
import { createManualClock, flushPromises } from './manual-clock.js';

function setup(script: FakeStep[], timeoutMs = 1_000) {
  const clock = createManualClock();
  const inner = new FakeLanguageModel({ steps: script });
  const model = wrapModel({ model: inner, middleware: [withTimeout({ timeoutMs, now: clock.now, sleep: clock.sleep })] });
  return { clock, inner, model };
}

describe('withTimeout', () => {
  it('returns the result when the call finishes in time and clears its timer', async () => {
    const { model, clock } = setup([fakeResult('fast')]);
    const result = await model.generate({ contents: ['hi'] });
    expect(result.text).to.equal('fast');
    expect(clock.pendingCount()).to.equal(0);
  });

  it('throws LlmTimeoutError and aborts the signal passed down when the timer fires', async () => {
    const { model, clock, inner } = setup([hangUntilAborted]);
    const pending = model.generate({ contents: ['hi'] }).catch((caught: unknown) => caught);
    await flushPromises();
    clock.advance(999);
    await flushPromises();
    expect(inner.calls[0]?.options.signal?.aborted).to.equal(false);
    clock.advance(1);
    const thrown = await pending;
    expect(thrown).to.be.instanceOf(LlmTimeoutError);
    expect((thrown as LlmTimeoutError).retryable).to.equal(true);
    expect(inner.calls[0]?.options.signal?.aborted).to.equal(true);
  });

  it('settles on time even when the model ignores its signal', async () => {
    const never = deferredStep();
    const { model, clock } = setup([never.step]);
    const pending = model.generate({ contents: ['hi'] }).catch((caught: unknown) => caught);
    await flushPromises();
    clock.advance(1_000);
    expect(await pending).to.be.instanceOf(LlmTimeoutError);
  });

  it('throws CancelledError, not a timeout, when the caller aborts', async () => {
    const { model, clock, inner } = setup([hangUntilAborted]);
    const controller = new AbortController();
    const pending = model.generate({ contents: ['hi'] }, { signal: controller.signal }).catch((caught: unknown) => caught);
    await flushPromises();
    controller.abort();
    expect(await pending).to.be.instanceOf(CancelledError);
    expect(inner.calls[0]?.options.signal?.aborted).to.equal(true);
    expect(clock.pendingCount()).to.equal(0);
  });

  it('caps the attempt by the request deadline and reports the deadline', async () => {
    const { model, clock } = setup([hangUntilAborted], 60_000);
    const pending = model.generate({ contents: ['hi'] }, { deadlineAtMs: clock.now() + 2_000 }).catch((caught: unknown) => caught);
    await flushPromises();
    expect(clock.sleeps).to.deep.equal([2_000]);
    clock.advance(2_000);
    expect(await pending).to.be.instanceOf(DeadlineExceededError);
  });

  it('refuses to start once the deadline has passed', async () => {
    const { model, clock, inner } = setup([fakeResult('ok')]);
    const thrown = await model.generate({ contents: ['hi'] }, { deadlineAtMs: clock.now() }).catch((caught: unknown) => caught);
    expect(thrown).to.be.instanceOf(DeadlineExceededError);
    expect(inner.calls).to.have.length(0);
  });

  it('passes other errors through unchanged', async () => {
    const error = new LlmRejectedError('bad', 400);
    const { model } = setup([error]);
    expect(await model.generate({ contents: ['hi'] }).catch((caught: unknown) => caught)).to.equal(error);
  });

  it('keeps the caller deadline in the options passed down', async () => {
    const { model, inner, clock } = setup([fakeResult('ok')]);
    await model.generate({ contents: ['hi'] }, { deadlineAtMs: clock.now() + 5_000 });
    expect(inner.calls[0]?.options.deadlineAtMs).to.equal(clock.now() + 5_000);
  });
});
