import { expect } from 'chai';
import { CancelledError, LlmUnavailableError } from '../../../predictor/errors.js';
import { DEFAULT_PRICE_TABLE } from '../../../predictor/llm/default-price-table.js';
import { withUsageTracking } from '../../../predictor/llm/middleware/with-usage-tracking.js';
import { wrapModel } from '../../../predictor/llm/wrap-model.js';
import type { LlmCallEvent } from '../../../predictor/observability/llm-events.js';
import type { LogFields, Logger } from '../../../predictor/observability/logger.js';
import { FakeLanguageModel, fakeResult, type FakeStep } from '../../fakes/fake-language-model.js';
import { createManualClock } from './manual-clock.js';

function setup(script: FakeStep[], { withTable = true, throwingCallback = false } = {}) {
  const clock = createManualClock();
  const events: LlmCallEvent[] = [];
  const warnings: { message: string; fields: LogFields | undefined }[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (message, fields) => warnings.push({ message, fields }),
    error: (message, fields) => warnings.push({ message, fields }),
    child: () => logger,
  };
  const timed: FakeStep[] = script.map((step) => async (request, options) => {
    clock.advance(1_500);
    if (step instanceof Error) throw step;
    return typeof step === 'function' ? step(request, options) : step;
  });
  const inner = new FakeLanguageModel({ modelId: 'gemini-3.8-flash', steps: timed });
  const tracking = withUsageTracking({
    onCall: (event) => {
      events.push(event);
      if (throwingCallback) throw new Error('metrics bug');
    },
    ...(withTable ? { priceTable: DEFAULT_PRICE_TABLE } : {}),
    now: clock.now,
    logger,
  });
  const model = wrapModel({ model: inner, middleware: [tracking] });
  return { events, warnings, model };
}

const labels = { agent: 'summarizer', prompt_version: 'v1' };

describe('withUsageTracking', () => {
  it("tells the request's spend meter what each answered call was billed, and nothing for a cache hit or a failure", async () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 100_000, thoughtsTokens: 100_000 };
    const { model, events } = setup([
      fakeResult('ok', { usage, modelVersion: 'gemini-3.8-flash-001' }),
      { ...fakeResult('cached', { usage }), isCacheHit: true },
      new LlmUnavailableError('down'),
    ]);
    const billed: { tokens: number; costUsd: number }[] = [];
    const spend = { add: (call: { tokens: number; costUsd: number }) => billed.push(call) };

    await model.generate({ contents: ['x'], labels }, { spend });
    await model.generate({ contents: ['x'], labels }, { spend });
    await model.generate({ contents: ['x'], labels }, { spend }).catch(() => undefined);

    expect(billed).to.have.length(1);
    expect(billed[0]?.tokens).to.equal(1_200_000);
    expect(billed[0]?.costUsd).to.equal(events[0]?.costUsd);
  });

  it('reports usage, cost on the served version, duration and agent of a successful call', async () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 100_000, thoughtsTokens: 100_000 };
    const { model, events } = setup([fakeResult('ok', { usage, modelVersion: 'gemini-3.8-flash-001', servedTier: 'ON_DEMAND' })]);
    await model.generate({ contents: ['x'], labels });
    expect(events).to.have.length(1);
    const [event] = events;
    expect(event).to.include({
      modelId: 'gemini-3.8-flash',
      modelVersion: 'gemini-3.8-flash-001',
      agent: 'summarizer',
      durationMs: 1_500,
      outcome: 'success',
      isCacheHit: false,
      servedTier: 'ON_DEMAND',
    });
    expect(event?.usage).to.deep.equal(usage);
    expect(event?.costUsd).to.be.closeTo(0.75 + 0.2 * 3.75, 1e-9);
  });

  it('reports a failed call with its error code, empty usage and unknown cost', async () => {
    const { model, events } = setup([new LlmUnavailableError('down', 503)]);
    await model.generate({ contents: ['x'] }).catch(() => undefined);
    expect(events[0]).to.include({ outcome: 'llm_unavailable', agent: 'unknown', durationMs: 1_500 });
    expect(events[0]?.costUsd).to.equal(undefined);
    expect(events[0]?.usage).to.deep.equal({});
  });

  it('reports cancellations and foreign errors with bounded outcomes', async () => {
    const { model, events } = setup([new CancelledError('gone'), new TypeError('bug')]);
    await model.generate({ contents: ['x'] }).catch(() => undefined);
    await model.generate({ contents: ['x'] }).catch(() => undefined);
    expect(events.map((event) => event.outcome)).to.deep.equal(['cancelled', 'internal']);
  });

  it('reports a cache hit as free', async () => {
    const { model, events } = setup([fakeResult('ok', { isCacheHit: true, usage: { inputTokens: 0, outputTokens: 0 } })]);
    await model.generate({ contents: ['x'] });
    expect(events[0]).to.include({ isCacheHit: true, costUsd: 0 });
  });

  it('keeps the cost unknown for an unpriced version and warns once', async () => {
    const { model, events, warnings } = setup([
      fakeResult('ok', { modelVersion: 'gemini-99-flash' }),
      fakeResult('ok', { modelVersion: 'gemini-99-flash' }),
    ]);
    await model.generate({ contents: ['x'] });
    await model.generate({ contents: ['x'] });
    expect(events.map((event) => event.costUsd)).to.deep.equal([undefined, undefined]);
    expect(warnings).to.have.length(1);
    expect(warnings[0]?.fields).to.deep.equal({ modelVersion: 'gemini-99-flash' });
  });

  it('keeps the cost unknown without a price table', async () => {
    const { model, events } = setup([fakeResult('ok')], { withTable: false });
    await model.generate({ contents: ['x'] });
    expect(events[0]?.costUsd).to.equal(undefined);
  });

  it('never fails a call because the callback threw', async () => {
    const { model, warnings } = setup([fakeResult('fine', { modelVersion: 'gemini-3.8-flash' })], { throwingCallback: true });
    expect((await model.generate({ contents: ['x'] })).text).to.equal('fine');
    expect(warnings.map((warning) => warning.message)).to.deep.equal(['usage tracking callback failed']);
  });
});
