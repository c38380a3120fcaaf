import { expect } from 'chai';
import { CancelledError, LlmUnavailableError } from '../../../predictor/errors.js';
import type { GenerateRequest } from '../../../predictor/llm/language-model.js';
import { createMemoryResponseCacheStore } from '../../../predictor/llm/middleware/memory-response-cache-store.js';
import type { ResponseCacheStore } from '../../../predictor/llm/middleware/response-cache-store.js';
import type { CacheLookupResult } from '../../../predictor/observability/llm-events.js';
import { withResponseCache, type ResponseCacheScope } from '../../../predictor/llm/middleware/with-response-cache.js';
import { wrapModel } from '../../../predictor/llm/wrap-model.js';
import { FakeLanguageModel, deferredStep, fakeResult, type FakeStep } from '../../fakes/fake-language-model.js';
import { createManualClock, flushPromises } from './manual-clock.js';

function setup(script: FakeStep[], store?: ResponseCacheStore, scope?: ResponseCacheScope) {
  const clock = createManualClock();
  const lookups: CacheLookupResult[] = [];
  const inner = new FakeLanguageModel({ steps: script });
  const cacheStore = store ?? createMemoryResponseCacheStore({ maxEntries: 100, maxBytes: 1_000_000, now: clock.now });
  const onLookup = (event: { result: CacheLookupResult }) => lookups.push(event.result);
  const model = wrapModel({
    model: inner,
    middleware: [withResponseCache({ store: cacheStore, ttlMs: 60_000, onLookup, ...(scope ? { scope } : {}) })],
  });
  return { clock, lookups, inner, model };
}

const request: GenerateRequest = { contents: ['transcript', 'summarise'], labels: { agent: 'summarizer', prompt_version: 'v1' } };

describe('withResponseCache', () => {
  it('serves the second identical call from the cache with zero usage', async () => {
    const { model, inner, lookups } = setup([
      fakeResult('summary', { modelVersion: 'gemini-3.8-flash', usage: { inputTokens: 900, outputTokens: 50 } }),
    ]);
    const first = await model.generate(request);
    const second = await model.generate({ ...request });
    expect(first.isCacheHit).to.equal(undefined);
    expect(first.usage).to.deep.equal({ inputTokens: 900, outputTokens: 50 });
    expect(second.text).to.equal('summary');
    expect(second.isCacheHit).to.equal(true);
    expect(second.usage.inputTokens).to.equal(0);
    expect(second.usage.outputTokens).to.equal(0);
    expect(second.modelVersion).to.equal('gemini-3.8-flash');
    expect(inner.calls).to.have.length(1);
    expect(lookups).to.deep.equal(['miss', 'hit']);
  });

  it('misses when any parameter differs', async () => {
    const { model, inner } = setup([fakeResult('ok'), fakeResult('ok')]);
    await model.generate(request);
    await model.generate({ ...request, temperature: 0.9 });
    expect(inner.calls).to.have.length(2);
  });

  it('skips the read on bypass but stores the fresh answer', async () => {
    const { model, inner, lookups } = setup([fakeResult('old'), fakeResult('fresh')]);
    await model.generate(request);
    const bypassed = await model.generate(request, { cacheMode: 'bypass' });
    await flushPromises();
    const after = await model.generate(request);
    expect(bypassed.text).to.equal('fresh');
    expect(bypassed.isCacheHit).to.equal(undefined);
    expect(after.text).to.equal('fresh');
    expect(inner.calls).to.have.length(2);
    expect(lookups).to.deep.equal(['miss', 'bypass', 'hit']);
  });

  for (const [name, result, req] of [
    ['a truncated answer', fakeResult('ok', { finishReason: 'length' }), request],
    ['a content-filtered answer', fakeResult('ok', { finishReason: 'content-filter' }), request],
    ['an answer from a fallback model', fakeResult('ok', { fallbackModel: 'gemini-3.1-flash-lite' }), request],
    ['non-JSON text for a schema request', fakeResult('Sure! {"a":1}'), { ...request, responseJsonSchema: { type: 'object' } }],
  ] as const) {
    it(`does not store ${name}`, async () => {
      const { model, inner } = setup([result, fakeResult('ok')]);
      await model.generate(req);
      await flushPromises();
      await model.generate(req);
      expect(inner.calls).to.have.length(2);
    });
  }

  it('stores JSON text for a schema request', async () => {
    const schemaRequest = { ...request, responseJsonSchema: { type: 'object' } };
    const { model, inner } = setup([fakeResult('{"summary":"x"}')]);
    await model.generate(schemaRequest);
    await flushPromises();
    expect((await model.generate(schemaRequest)).isCacheHit).to.equal(true);
    expect(inner.calls).to.have.length(1);
  });

  it('expires entries after the TTL', async () => {
    const { model, inner, clock } = setup([fakeResult('ok'), fakeResult('ok')]);
    await model.generate(request);
    await flushPromises();
    clock.advance(60_000);
    expect((await model.generate(request)).isCacheHit).to.equal(true);
    clock.advance(1);
    expect((await model.generate(request)).isCacheHit).to.equal(undefined);
    expect(inner.calls).to.have.length(2);
  });

  it('does not store errors', async () => {
    const { model, inner } = setup([new LlmUnavailableError('down', 503), fakeResult('ok')]);
    expect(await model.generate(request).catch((caught: unknown) => caught)).to.be.instanceOf(LlmUnavailableError);
    expect((await model.generate(request)).text).to.equal('ok');
    expect(inner.calls).to.have.length(2);
  });

  it('shares one upstream call between concurrent identical requests', async () => {
    const upstream = deferredStep();
    const { model, inner, lookups } = setup([upstream.step]);
    const pending = Array.from({ length: 5 }, () => model.generate(request));
    await flushPromises();
    upstream.resolve(fakeResult('shared'));
    const results = await Promise.all(pending);
    expect(inner.calls).to.have.length(1);
    expect(results.map((result) => result.text)).to.deep.equal(Array(5).fill('shared'));
    expect(results.filter((result) => result.isCacheHit === true)).to.have.length(4);
    expect(lookups.filter((result) => result === 'coalesced')).to.have.length(4);
  });

  it("answers another principal from upstream, not from the first principal's entry", async () => {
    const { model, inner, lookups } = setup([fakeResult('for a'), fakeResult('for b')]);
    await model.generate(request, { cacheScope: 'team-a' });
    await flushPromises();
    const other = await model.generate(request, { cacheScope: 'team-b' });
    const again = await model.generate(request, { cacheScope: 'team-a' });
    expect(other.isCacheHit).to.equal(undefined);
    expect(other.text).to.equal('for b');
    expect(again.isCacheHit).to.equal(true);
    expect(inner.calls).to.have.length(2);
    expect(lookups).to.deep.equal(['miss', 'miss', 'hit']);
  });

  it('shares entries across principals when configured shared', async () => {
    const { model, inner } = setup([fakeResult('for all')], undefined, 'shared');
    await model.generate(request, { cacheScope: 'team-a' });
    await flushPromises();
    expect((await model.generate(request, { cacheScope: 'team-b' })).isCacheHit).to.equal(true);
    expect(inner.calls).to.have.length(1);
  });

  it("does not let one principal join another principal's call in flight", async () => {
    const first = deferredStep();
    const second = deferredStep();
    const { model, inner, lookups } = setup([first.step, second.step]);
    const teamA = model.generate(request, { cacheScope: 'team-a' });
    await flushPromises();
    const teamB = model.generate(request, { cacheScope: 'team-b' });
    await flushPromises();
    first.resolve(fakeResult('for a'));
    second.resolve(fakeResult('for b'));
    expect((await teamA).text).to.equal('for a');
    const answerB = await teamB;
    expect(answerB.text).to.equal('for b');
    expect(answerB.isCacheHit).to.equal(undefined);
    expect(inner.calls).to.have.length(2);
    expect(lookups).to.deep.equal(['miss', 'miss']);
  });

  it('keeps the shared call alive when one waiter aborts', async () => {
    const upstream = deferredStep();
    const { model, inner } = setup([upstream.step]);
    const leaving = new AbortController();
    const first = model.generate(request, { signal: leaving.signal }).catch((caught: unknown) => caught);
    await flushPromises();
    const second = model.generate(request, { signal: new AbortController().signal });
    await flushPromises();
    leaving.abort();
    expect(await first).to.be.instanceOf(CancelledError);
    expect(inner.calls[0]?.options.signal?.aborted).to.equal(false);
    upstream.resolve(fakeResult('still here'));
    expect((await second).text).to.equal('still here');
  });

  it('aborts the shared call once every waiter has gone', async () => {
    const upstream = deferredStep();
    const { model, inner } = setup([upstream.step]);
    const controllers = [new AbortController(), new AbortController()];
    const pending = controllers.map((controller) =>
      model.generate(request, { signal: controller.signal }).catch((caught: unknown) => caught),
    );
    await flushPromises();
    for (const controller of controllers) controller.abort();
    expect(await Promise.all(pending)).to.satisfy((errors: unknown[]) => errors.every((error) => error instanceof CancelledError));
    expect(inner.calls[0]?.options.signal?.aborted).to.equal(true);
  });

  it('treats a failing store as a miss and still answers', async () => {
    const broken: ResponseCacheStore = {
      get: () => Promise.reject(new Error('store down')),
      set: () => Promise.reject(new Error('store down')),
    };
    const { model, inner } = setup([fakeResult('ok'), fakeResult('ok')], broken);
    expect((await model.generate(request)).text).to.equal('ok');
    expect((await model.generate(request)).text).to.equal('ok');
    expect(inner.calls).to.have.length(2);
  });

  it('treats an unreadable stored value as a miss', async () => {
    const garbage: ResponseCacheStore = { get: async () => '{not json', set: async () => {} };
    const { model, inner } = setup([fakeResult('ok')], garbage);
    expect((await model.generate(request)).isCacheHit).to.equal(undefined);
    expect(inner.calls).to.have.length(1);
  });
});
