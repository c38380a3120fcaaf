import { expect } from 'chai';
import {
  CancelledError,
  CircuitOpenError,
  ContentBlockedError,
  InvalidInputError,
  LlmRateLimitedError,
  LlmRejectedError,
  LlmUnavailableError,
  OverloadedError,
} from '../../../predictor/errors.js';
import { withFallback, type FallbackEvent } from '../../../predictor/llm/middleware/with-fallback.js';
import { wrapModel } from '../../../predictor/llm/wrap-model.js';
import { FakeLanguageModel, fakeResult, type FakeStep } from '../../fakes/fake-language-model.js';
import { createManualClock } from './manual-clock.js';

function setup(primaryScript: FakeStep[], flashScript: FakeStep[], liteScript: FakeStep[] = [], liteGroundedJson = true) {
  const clock = createManualClock();
  const events: FallbackEvent[] = [];
  const pro = new FakeLanguageModel({ modelId: 'pro', steps: primaryScript });
  const flash = new FakeLanguageModel({ modelId: 'flash', steps: flashScript });
  const lite = new FakeLanguageModel({ modelId: 'lite', steps: liteScript, supportsGroundedJson: liteGroundedJson });
  const model = wrapModel({
    model: pro,
    middleware: [withFallback({ fallbacks: [flash, lite], now: clock.now, onFallback: (event) => events.push(event) })],
  });
  return { clock, events, pro, flash, lite, model };
}

describe('withFallback', () => {
  it('returns the primary result untouched when it succeeds', async () => {
    const { model, flash } = setup([fakeResult('pro')], []);
    const result = await model.generate({ contents: ['hi'] });
    expect(result.text).to.equal('pro');
    expect(result.fallbackModel).to.equal(undefined);
    expect(flash.calls).to.have.length(0);
  });

  for (const error of [
    new OverloadedError('full'),
    new LlmUnavailableError('down', 503),
    new CircuitOpenError('open'),
    new LlmRateLimitedError('quota'),
  ]) {
    it(`falls back to the next model on ${error.name} and names it in fallbackModel`, async () => {
      const { model, events } = setup([error], [fakeResult('flash')]);
      const result = await model.generate({ contents: ['hi'] });
      expect(result.text).to.equal('flash');
      expect(result.fallbackModel).to.equal('flash');
      expect(events.map((event) => [event.fromModelId, event.toModelId])).to.deep.equal([['pro', 'flash']]);
    });
  }

  it('walks the chain in order and throws the last error when every model fails', async () => {
    const lastError = new LlmUnavailableError('lite down', 500);
    const { model, events, lite } = setup([new OverloadedError('full')], [new CircuitOpenError('open')], [lastError]);
    const thrown = await model.generate({ contents: ['hi'] }).catch((caught: unknown) => caught);
    expect(thrown).to.equal(lastError);
    expect(events.map((event) => [event.fromModelId, event.toModelId])).to.deep.equal([
      ['pro', 'flash'],
      ['flash', 'lite'],
    ]);
    expect(lite.calls).to.have.length(1);
  });

  for (const error of [new ContentBlockedError('safety'), new InvalidInputError('bad'), new LlmRejectedError('bad', 400)]) {
    it(`never falls back on ${error.name}`, async () => {
      const { model, flash } = setup([error], [fakeResult('ok')]);
      expect(await model.generate({ contents: ['hi'] }).catch((caught: unknown) => caught)).to.equal(error);
      expect(flash.calls).to.have.length(0);
    });
  }

  it('never sends a request bound to an explicit context cache to another model', async () => {
    const { model, flash, lite } = setup([new LlmUnavailableError('down', 503)], [fakeResult('flash')]);

    const failure = await model.generate({ contents: ['task'], cachedContent: 'cachedContents/abc' }).catch((error: unknown) => error);

    expect(failure).to.be.instanceOf(LlmUnavailableError);
    expect(flash.calls).to.have.length(0);
    expect(lite.calls).to.have.length(0);
  });

  it('stops the chain at a request error from a fallback', async () => {
    const blocked = new ContentBlockedError('safety');
    const { model, lite } = setup([new OverloadedError('full')], [blocked], [fakeResult('ok')]);
    expect(await model.generate({ contents: ['hi'] }).catch((caught: unknown) => caught)).to.equal(blocked);
    expect(lite.calls).to.have.length(0);
  });

  it('skips a fallback that cannot combine a schema with Search, and reports the primary flag', async () => {
    const { model, lite } = setup([new OverloadedError('full')], [new OverloadedError('full')], [fakeResult('ok')], false);
    expect(model.supportsGroundedJson).to.equal(true);
    const request = { contents: ['hi'], responseJsonSchema: { type: 'object' }, useGoogleSearch: true };
    expect(await model.generate(request).catch((caught: unknown) => caught)).to.be.instanceOf(OverloadedError);
    expect(lite.calls).to.have.length(0);
    expect(
      (
        await setup([new OverloadedError('full')], [new OverloadedError('full')], [fakeResult('ok')], false).model.generate({
          contents: ['x'],
        })
      ).fallbackModel,
    ).to.equal('lite');
  });

  it('does not fall back once the deadline has passed or the caller aborted', async () => {
    const first = setup([new OverloadedError('full')], [fakeResult('ok')]);
    const error = await first.model.generate({ contents: ['hi'] }, { deadlineAtMs: first.clock.now() }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(OverloadedError);
    expect(first.flash.calls).to.have.length(0);

    const second = setup([new OverloadedError('full')], [fakeResult('ok')]);
    const cancelled = await second.model.generate({ contents: ['hi'] }, { signal: AbortSignal.abort() }).catch((caught: unknown) => caught);
    expect(cancelled).to.be.instanceOf(CancelledError);
    expect(second.flash.calls).to.have.length(0);
  });

  it('passes the same request and options to the fallback', async () => {
    const { model, flash } = setup([new OverloadedError('full')], [fakeResult('ok')]);
    const request = { contents: ['hi'], temperature: 0.3 };
    await model.generate(request, { deadlineAtMs: 2_000_000_000_000 });
    expect(flash.calls[0]?.request).to.equal(request);
    expect(flash.calls[0]?.options.deadlineAtMs).to.equal(2_000_000_000_000);
  });
});
