import { expect } from 'chai';
import { CircuitOpenError, ContentBlockedError, LlmUnavailableError } from '../../predictor/errors.js';
import { loadConfig } from '../../predictor/config/load-config.js';
import {
  createModelProvider,
  fallbackChainsFor,
  bulkheadSizeFrom,
  modelProviderSettingsFrom,
  type CreateModelProviderOptions,
} from '../../predictor/llm/create-model-provider.js';
import { DEFAULT_PRICE_TABLE } from '../../predictor/llm/default-price-table.js';
import { createMemoryResponseCacheStore } from '../../predictor/llm/middleware/memory-response-cache-store.js';
import type { CircuitStateName, LlmCallEvent } from '../../predictor/observability/llm-events.js';
import { FakeLanguageModel, deferredStep, fakeResult, hangUntilAborted, type FakeStep } from '../fakes/fake-language-model.js';
import { createManualClock, flushPromises } from './middleware/manual-clock.js';

const PRO = 'gemini-3.1-pro-preview';
const FLASH = 'gemini-3.8-flash';
const LITE = 'gemini-3.1-flash-lite';

function setup(scripts: Record<string, FakeStep[]>, overrides: Partial<CreateModelProviderOptions> = {}, { withCache = true } = {}) {
  // Manual clock: timeouts never fire unless a test advances it; random 0 makes every backoff 0 ms.
  const clock = createManualClock();
  const bases = new Map<string, FakeLanguageModel>();
  const calls: LlmCallEvent[] = [];
  const retries: string[] = [];
  const fallbacks: string[] = [];
  const breakerStates: [string, CircuitStateName][] = [];
  const provider = createModelProvider({
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    timeout: { timeoutMs: 1000 },
    breaker: { failureThreshold: 2, halfOpenAfterMs: 10_000 },
    bulkhead: { maxConcurrentCalls: 4, maxQueuedCalls: 4 },
    createBaseModel: (modelId) => {
      const base = new FakeLanguageModel({ modelId, steps: scripts[modelId] ?? [] });
      bases.set(modelId, base);
      return base;
    },
    fallbackChains: fallbackChainsFor({ pro: PRO, flash: FLASH, flashLite: LITE }),
    ...(withCache
      ? { cache: { store: createMemoryResponseCacheStore({ maxEntries: 10, maxBytes: 100_000, now: clock.now }), ttlMs: 60_000 } }
      : {}),
    priceTable: DEFAULT_PRICE_TABLE,
    onCall: (event) => calls.push(event),
    onRetry: (event) => retries.push(event.modelId),
    onFallback: (event) => fallbacks.push(`${event.fromModelId}->${event.toModelId}`),
    onBreakerStateChange: (modelId, state) => breakerStates.push([modelId, state]),
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0,
    ...overrides,
  });
  return { provider, bases, calls, retries, fallbacks, breakerStates, clock };
}

const down = () => new LlmUnavailableError('overloaded', 503);
const request = { contents: ['transcript', 'question'], labels: { agent: 'summarizer', prompt_version: 'v1' } };

describe('createModelProvider', () => {
  it('builds each model once and shares a model stack between primary and fallback roles', () => {
    const { provider, bases } = setup({});
    expect(provider.languageModel(PRO)).to.equal(provider.languageModel(PRO));
    provider.languageModel(FLASH);
    expect([...bases.keys()].sort()).to.deep.equal([FLASH, LITE, PRO].sort());
  });

  it('serves a repeated request from the cache without an upstream call or usage event', async () => {
    const { provider, bases, calls } = setup({ [FLASH]: [fakeResult('answer')] });
    const model = provider.languageModel(FLASH);
    await model.generate(request);
    const second = await model.generate(request);
    expect(second.isCacheHit).to.equal(true);
    expect(bases.get(FLASH)?.calls).to.have.length(1);
    expect(calls).to.have.length(1);
  });

  it('retries the primary, then falls back, counting every attempt on the model that made it', async () => {
    const { provider, calls, retries, fallbacks } = setup({
      [PRO]: [down(), down(), down()],
      [FLASH]: [fakeResult('from flash', { modelVersion: FLASH })],
    });
    const result = await provider.languageModel(PRO).generate(request);
    expect(result.text).to.equal('from flash');
    expect(result.fallbackModel).to.equal(FLASH);
    expect(retries).to.deep.equal([PRO, PRO]);
    expect(fallbacks).to.deep.equal([`${PRO}->${FLASH}`]);
    expect(calls.map((event) => [event.modelId, event.outcome])).to.deep.equal([
      [PRO, 'llm_unavailable'],
      [PRO, 'llm_unavailable'],
      [PRO, 'llm_unavailable'],
      [FLASH, 'success'],
    ]);
    expect(calls[3]?.costUsd).to.be.greaterThan(0);
  });

  it('applies the timeout per attempt, inside retry', async () => {
    const { provider, bases, calls, clock } = setup({ [FLASH]: [hangUntilAborted, fakeResult('second attempt')] });
    const pending = provider.languageModel(FLASH).generate(request);
    await flushPromises();
    clock.advance(1000);
    const result = await pending;
    expect(result.text).to.equal('second attempt');
    expect(bases.get(FLASH)?.calls.map((call) => call.options.signal?.aborted)).to.deep.equal([true, false]);
    expect(calls.map((event) => event.outcome)).to.deep.equal(['llm_timeout', 'success']);
  });

  it('opens the primary breaker after failed calls and then skips it straight to the fallback', async () => {
    const { provider, bases, breakerStates } = setup(
      { [PRO]: [down(), down(), down(), down(), down(), down()], [FLASH]: [fakeResult('ok'), fakeResult('ok'), fakeResult('ok')] },
      {},
      { withCache: false },
    );
    const pro = provider.languageModel(PRO);
    await pro.generate(request);
    await pro.generate(request);
    expect(provider.breakerState(PRO)).to.equal('open');
    expect(breakerStates).to.deep.include([PRO, 'open']);
    const result = await pro.generate(request);
    expect(result.fallbackModel).to.equal(FLASH);
    expect(bases.get(PRO)?.calls).to.have.length(6);
  });

  it('reports CircuitOpenError when no fallback is configured', async () => {
    const { provider } = setup({ [LITE]: [down(), down(), down(), down(), down(), down()] }, {}, { withCache: false });
    const lite = provider.languageModel(LITE);
    await lite.generate(request).catch(() => undefined);
    await lite.generate(request).catch(() => undefined);
    expect(await lite.generate(request).catch((caught: unknown) => caught)).to.be.instanceOf(CircuitOpenError);
  });

  it('sheds load past the bulkhead to the fallback model', async () => {
    const blocked = deferredStep();
    const { provider } = setup(
      { [FLASH]: [blocked.step], [LITE]: [fakeResult('lite')] },
      { bulkhead: { maxConcurrentCalls: 1, maxQueuedCalls: 0 } },
      { withCache: false },
    );
    const flash = provider.languageModel(FLASH);
    const first = flash.generate(request);
    const second = await flash.generate({ ...request, contents: ['other'] });
    expect(second.fallbackModel).to.equal(LITE);
    blocked.resolve(fakeResult('ok'));
    await first;
  });

  it('neither retries nor falls back on blocked content', async () => {
    const blocked = new ContentBlockedError('safety');
    const { provider, bases } = setup({ [PRO]: [blocked] });
    expect(
      await provider
        .languageModel(PRO)
        .generate(request)
        .catch((caught: unknown) => caught),
    ).to.equal(blocked);
    expect(bases.get(PRO)?.calls).to.have.length(1);
    expect(bases.get(FLASH)?.calls).to.have.length(0);
  });

  it('marks requests with the configured service tier', async () => {
    const { provider, bases } = setup({ [FLASH]: [fakeResult('ok')] }, { serviceTier: 'provisioned' });
    await provider.languageModel(FLASH).generate(request);
    expect(bases.get(FLASH)?.calls[0]?.request.serviceTier).to.equal('provisioned');
  });

  it('reports every built breaker as closed first', () => {
    const { provider, breakerStates } = setup({});
    provider.languageModel(LITE);
    expect(breakerStates).to.deep.equal([[LITE, 'closed']]);
  });
});

describe('fallbackChainsFor', () => {
  it('chains downwards only and drops duplicate ids', () => {
    expect(fallbackChainsFor({ pro: 'p', flash: 'f', flashLite: 'l' })).to.deep.equal({ p: ['f', 'l'], f: ['l'], l: [] });
    expect(fallbackChainsFor({ pro: 'f', flash: 'f', flashLite: 'l' })).to.deep.equal({ f: ['l'], l: [] });
  });
});

describe('bulkheadSizeFrom', () => {
  const llmOf = (env: Record<string, string>) => loadConfig({ env }).llm;

  it('gives every admitted request a slot for each of its three agents, and queues four times that', () => {
    expect(bulkheadSizeFrom(llmOf({}), 40)).to.deep.equal({ maxConcurrentCalls: 120, maxQueuedCalls: 480 });
  });

  it('falls back to 2048 slots when the pod admits any number of requests', () => {
    expect(bulkheadSizeFrom(llmOf({}), 0)).to.deep.equal({ maxConcurrentCalls: 2048, maxQueuedCalls: 8192 });
  });

  it('keeps explicit bounds, which protect a quota by queueing', () => {
    expect(bulkheadSizeFrom(llmOf({ LLM_MAX_CONCURRENT_CALLS: '16' }), 40)).to.deep.equal({ maxConcurrentCalls: 16, maxQueuedCalls: 64 });
    expect(bulkheadSizeFrom(llmOf({ LLM_MAX_CONCURRENT_CALLS: '16', LLM_MAX_QUEUED_CALLS: '0' }), 40)).to.deep.equal({
      maxConcurrentCalls: 16,
      maxQueuedCalls: 0,
    });
  });
});

describe('modelProviderSettingsFrom', () => {
  it('maps the llm config section, provisioned throughput only when dedicated', () => {
    const settings = modelProviderSettingsFrom(loadConfig({ env: { PROVISIONED_THROUGHPUT: 'dedicated' } }).llm);
    expect(settings).to.deep.equal({
      retry: { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8000 },
      timeout: { timeoutMs: 120000 },
      breaker: { failureThreshold: 5, halfOpenAfterMs: 15000 },
      bulkhead: { maxConcurrentCalls: 2048, maxQueuedCalls: 8192 },
      serviceTier: 'provisioned',
    });
    expect(modelProviderSettingsFrom(loadConfig({ env: { PROVISIONED_THROUGHPUT: 'dedicated-with-spillover' } }).llm).serviceTier).to.equal(
      undefined,
    );
  });
});
