import { expect } from 'chai';
import {
  CancelledError,
  ContentBlockedError,
  DeadlineExceededError,
  LlmRateLimitedError,
  LlmRejectedError,
  LlmTimeoutError,
  LlmUnavailableError,
} from '../../../predictor/errors.js';
import { withRetry, type RetryEvent, type RetryOptions } from '../../../predictor/llm/middleware/with-retry.js';
import { wrapModel } from '../../../predictor/llm/wrap-model.js';
import { FakeLanguageModel, fakeResult, type FakeStep } from '../../fakes/fake-language-model.js';
import { createManualClock, flushPromises, type ManualClock } from './manual-clock.js';

function setup(script: FakeStep[], overrides: Partial<RetryOptions> & { clock?: ManualClock } = {}) {
  const clock = overrides.clock ?? createManualClock({ isAutoAdvance: true });
  const retries: RetryEvent[] = [];
  const inner = new FakeLanguageModel({ modelId: 'gemini-3.8-flash', steps: script });
  const retry = withRetry({
    maxAttempts: 3,
    baseDelayMs: 500,
    maxDelayMs: 8000,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    onRetry: (event) => retries.push(event),
    ...overrides,
  });
  const model = wrapModel({ model: inner, middleware: [retry] });
  return { clock, inner, model, retries };
}

const unavailable = () => new LlmUnavailableError('overloaded', 503);

describe('withRetry', () => {
  it('retries a 503 and succeeds on the second attempt', async () => {
    const { model, inner, clock } = setup([unavailable(), fakeResult('second')]);
    const result = await model.generate({ contents: ['hi'] });
    expect(result.text).to.equal('second');
    expect(inner.calls).to.have.length(2);
    expect(clock.sleeps).to.deep.equal([250]);
  });

  it('doubles the jittered ceiling on every attempt', async () => {
    const { model, clock, retries } = setup([unavailable(), unavailable(), unavailable(), unavailable(), fakeResult('ok')], {
      maxAttempts: 5,
    });
    await model.generate({ contents: ['hi'] });
    expect(clock.sleeps).to.deep.equal([250, 500, 1000, 2000]);
    expect(retries.map((event) => event.attempt)).to.deep.equal([1, 2, 3, 4]);
    expect(retries[0]?.modelId).to.equal('gemini-3.8-flash');
  });

  it('keeps full jitter within [0, ceiling) and caps the ceiling at the max delay', async () => {
    const low = setup([unavailable(), fakeResult('ok')], { random: () => 0 });
    await low.model.generate({ contents: ['hi'] });
    expect(low.clock.sleeps).to.deep.equal([0]);

    const high = setup([unavailable(), unavailable(), unavailable(), fakeResult('ok')], {
      maxAttempts: 4,
      maxDelayMs: 1000,
      random: () => 0.999,
    });
    await high.model.generate({ contents: ['hi'] });
    expect(high.clock.sleeps).to.deep.equal([499, 999, 999]);
  });

  it('honours RetryInfo/Retry-After as the minimum delay', async () => {
    const { model, clock } = setup([new LlmRateLimitedError('quota', { retryAfterSeconds: 21 }), fakeResult('ok')]);
    await model.generate({ contents: ['hi'] });
    expect(clock.sleeps).to.deep.equal([21000]);
  });

  it('keeps the jittered delay when it is longer than Retry-After', async () => {
    const { model, clock } = setup([new LlmRateLimitedError('quota', { retryAfterSeconds: 0.1 }), fakeResult('ok')]);
    await model.generate({ contents: ['hi'] });
    expect(clock.sleeps).to.deep.equal([250]);
  });

  it('retries timeouts as well', async () => {
    const { model, inner } = setup([new LlmTimeoutError('slow'), fakeResult('ok')]);
    await model.generate({ contents: ['hi'] });
    expect(inner.calls).to.have.length(2);
  });

  for (const error of [new LlmRejectedError('bad request', 400), new ContentBlockedError('safety'), new Error('bug')]) {
    it(`does not retry a non-retryable ${error.name}`, async () => {
      const { model, inner, clock } = setup([error, fakeResult('ok')]);
      const thrown = await model.generate({ contents: ['hi'] }).catch((caught: unknown) => caught);
      expect(thrown).to.equal(error);
      expect(inner.calls).to.have.length(1);
      expect(clock.sleeps).to.deep.equal([]);
    });
  }

  it('gives up after maxAttempts with the last error', async () => {
    const last = new LlmUnavailableError('still down', 500);
    const { model, inner } = setup([unavailable(), unavailable(), last, fakeResult('ok')]);
    const thrown = await model.generate({ contents: ['hi'] }).catch((caught: unknown) => caught);
    expect(thrown).to.equal(last);
    expect(inner.calls).to.have.length(3);
  });

  it('throws the last error instead of sleeping past the deadline', async () => {
    const clock = createManualClock({ isAutoAdvance: true });
    const error = new LlmRateLimitedError('quota', { retryAfterSeconds: 30 });
    const { model, inner } = setup([error, fakeResult('ok')], { clock });
    const thrown = await model.generate({ contents: ['hi'] }, { deadlineAtMs: clock.now() + 10_000 }).catch((caught: unknown) => caught);
    expect(thrown).to.equal(error);
    expect(inner.calls).to.have.length(1);
    expect(clock.sleeps).to.deep.equal([]);
  });

  it('throws DeadlineExceededError when the deadline passed during the attempt', async () => {
    const clock = createManualClock({ isAutoAdvance: true });
    const slowFailure: FakeStep = async () => {
      clock.advance(5_000);
      throw unavailable();
    };
    const { model } = setup([slowFailure, fakeResult('ok')], { clock });
    const thrown = await model.generate({ contents: ['hi'] }, { deadlineAtMs: clock.now() + 4_000 }).catch((caught: unknown) => caught);
    expect(thrown).to.be.instanceOf(DeadlineExceededError);
  });

  it('does not call the model when the deadline has already passed', async () => {
    const clock = createManualClock();
    const { model, inner } = setup([fakeResult('ok')], { clock });
    const thrown = await model.generate({ contents: ['hi'] }, { deadlineAtMs: clock.now() - 1 }).catch((caught: unknown) => caught);
    expect(thrown).to.be.instanceOf(DeadlineExceededError);
    expect(inner.calls).to.have.length(0);
  });

  it('stops with CancelledError when the caller aborts during the backoff', async () => {
    const clock = createManualClock();
    const { model, inner } = setup([unavailable(), fakeResult('ok')], { clock });
    const controller = new AbortController();
    const pending = model.generate({ contents: ['hi'] }, { signal: controller.signal }).catch((caught: unknown) => caught);
    await flushPromises();
    expect(clock.pendingCount()).to.equal(1);
    controller.abort();
    expect(await pending).to.be.instanceOf(CancelledError);
    expect(inner.calls).to.have.length(1);
  });

  it('does not start when the signal is already aborted', async () => {
    const { model, inner } = setup([fakeResult('ok')]);
    const thrown = await model.generate({ contents: ['hi'] }, { signal: AbortSignal.abort() }).catch((caught: unknown) => caught);
    expect(thrown).to.be.instanceOf(CancelledError);
    expect(inner.calls).to.have.length(0);
  });

  it('passes the caller signal and deadline down to every attempt', async () => {
    const controller = new AbortController();
    const { model, inner } = setup([unavailable(), fakeResult('ok')]);
    await model.generate({ contents: ['hi'] }, { signal: controller.signal, deadlineAtMs: 2_000_000_000_000 });
    expect(inner.calls.map((call) => call.options.signal)).to.deep.equal([controller.signal, controller.signal]);
    expect(inner.calls[1]?.options.deadlineAtMs).to.equal(2_000_000_000_000);
  });
});
