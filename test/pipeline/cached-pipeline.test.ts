import { expect } from 'chai';
import { CancelledError, LlmRejectedError, LlmUnavailableError } from '../../predictor/errors.js';
import { cacheStorageCostUsd } from '../../predictor/llm/cost.js';
import type { GenerateRequest, GenerateResult } from '../../predictor/llm/language-model.js';
import type { ModelPrice } from '../../predictor/llm/price-table.js';
import type { ContextCacheSettings } from '../../predictor/pipeline/create-episode-planner.js';
import type { PipelineEvent } from '../../predictor/observability/pipeline-events.js';
import { COMMON_SYSTEM_INSTRUCTION, sharedPrefixOf } from '../../predictor/pipeline/prompts/prompt.js';
import { hangUntilAborted } from '../fakes/fake-language-model.js';
import { fixtureBytes, fixtureEpisode } from './support/episodes.js';
import { createFakeContextCacheClient, type FakeContextCacheClient } from './support/fake-context-cache-client.js';
import { context, createHarness, requestOf } from './support/pipeline-harness.js';
import { defaultResultFor } from './support/sample-outputs.js';
import { createAgentScriptedModel } from './support/scripted-model.js';

const PRICES: Readonly<Record<string, ModelPrice>> = {
  lite: { inputPerMtokUsd: 0.25, cachedInputPerMtokUsd: 0.025, outputPerMtokUsd: 1.5, cacheStoragePerMtokHourUsd: 1 },
  flash: { inputPerMtokUsd: 0.75, cachedInputPerMtokUsd: 0.075, outputPerMtokUsd: 3.75, cacheStoragePerMtokHourUsd: 1 },
};

function cacheSettings(client: FakeContextCacheClient, overrides: Partial<ContextCacheSettings> = {}): ContextCacheSettings {
  return {
    client,
    ttlSeconds: 300,
    sharedModel: 'auto',
    expectedOutputTokensPerCall: 1_000,
    priceOf: (modelId) => PRICES[modelId],
    ...overrides,
  };
}

function cacheEvents(events: readonly PipelineEvent[]) {
  return events.flatMap((event) => (event.type === 'context-cache' ? [event.outcome] : []));
}

describe('pipeline with explicit context caching', () => {
  it('shares one cache on one model: created first, used by every agent without system instruction, deleted and billed', async () => {
    const client = createFakeContextCacheClient();
    let clockMs = 0;
    const cachesAtFirstCall: number[] = [];
    const answer = (request: GenerateRequest): GenerateResult => {
      cachesAtFirstCall.push(client.created.length);
      clockMs = 60_000;
      return defaultResultFor(request.labels?.agent ?? '');
    };
    const model = createAgentScriptedModel();
    model.enqueue(answer, answer, answer);
    const { pipeline, models, events } = await createHarness(model, {
      contextCache: cacheSettings(client, { sharedModel: 'always' }),
      costOf: (usage) => usage.inputTokens ?? 0,
      now: () => clockMs,
    });
    const response = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), context());

    const prefix = sharedPrefixOf(fixtureEpisode('deep-sea-marathon'));
    expect(client.created).to.have.length(1);
    expect(client.created[0]).to.deep.include({ modelId: 'flash', systemInstruction: COMMON_SYSTEM_INSTRUCTION, useGoogleSearch: true });
    expect(client.created[0]?.contents).to.deep.equal(prefix.contents);
    expect(cachesAtFirstCall).to.deep.equal([1, 1, 1]);
    // The last three lookups are the agents' (the planner asks the provider for capabilities first).
    expect(models.requestedIds.slice(-3)).to.deep.equal(['flash', 'flash', 'flash']);
    for (const { request } of model.calls) {
      expect(request.cachedContent).to.equal('cachedContents/fake-1');
      expect(request).to.not.have.property('systemInstruction');
      expect(request.contents).to.have.length(1);
      expect(request.contents[0]).to.match(/^TASK\./);
    }
    expect(model.calls.find((call) => call.request.labels?.agent === 'fact-checker')?.request.useGoogleSearch).to.equal(true);
    expect(client.deleted).to.deep.equal(['cachedContents/fake-1']);
    expect(cacheEvents(events)).to.deep.equal(['created', 'deleted']);

    const cacheTokens = Number(response.parameters?.context_cache_tokens);
    expect(cacheTokens).to.be.greaterThan(4_096);
    const callTokens = 100 + 100 + 300;
    expect(response.parameters?.input_tokens).to.equal(callTokens + cacheTokens);
    const storageUsd = cacheStorageCostUsd(cacheTokens, 60, PRICES.flash!) ?? Number.NaN;
    expect(response.parameters?.cost_usd).to.be.closeTo(callTokens + cacheTokens + storageUsd, 1e-9);
  });

  it('keeps the router models when sharing would cost more, caching only the pair on one model', async () => {
    const client = createFakeContextCacheClient();
    const model = createAgentScriptedModel();
    const { pipeline } = await createHarness(model, { contextCache: cacheSettings(client) });
    await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), context());
    expect(client.created.map((cache) => [cache.modelId, cache.useGoogleSearch])).to.deep.equal([['lite', false]]);
    const byAgent = Object.fromEntries(model.calls.map((call) => [call.request.labels?.agent, call.request]));
    expect(byAgent.summarizer?.cachedContent).to.equal('cachedContents/fake-1');
    expect(byAgent.insights?.cachedContent).to.equal('cachedContents/fake-1');
    expect(byAgent['fact-checker']?.cachedContent).to.equal(undefined);
    expect(byAgent['fact-checker']?.systemInstruction).to.equal(COMMON_SYSTEM_INSTRUCTION);
    expect(byAgent['fact-checker']?.contents[0]).to.equal(sharedPrefixOf(fixtureEpisode('deep-sea-marathon')).contents[0]);
  });

  it('falls back to full prompts on the router models when the cache cannot be created', async () => {
    const client = createFakeContextCacheClient();
    client.failCreate = true;
    const model = createAgentScriptedModel();
    const { pipeline, models, events } = await createHarness(model, { contextCache: cacheSettings(client, { sharedModel: 'always' }) });
    const response = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), context());
    expect(response.parameters).to.include({ partial: false, context_cache_tokens: 0 });
    expect(models.requestedIds.slice(-3).sort()).to.deep.equal(['flash', 'lite', 'lite']);
    for (const { request } of model.calls) {
      expect(request.cachedContent).to.equal(undefined);
      expect(request.systemInstruction).to.equal(COMMON_SYSTEM_INSTRUCTION);
      expect(request.contents).to.have.length(2);
    }
    expect(cacheEvents(events)).to.deep.equal(['failed']);
  });

  it('creates no cache for a transcript below the model minimum', async () => {
    const client = createFakeContextCacheClient();
    const { pipeline } = await createHarness(createAgentScriptedModel(), {
      contextCache: cacheSettings(client, { sharedModel: 'always' }),
    });
    await pipeline.predict(requestOf([fixtureBytes('grid-under-pressure')]), context());
    expect(client.created).to.deep.equal([]);
  });

  it('deletes the cache when every agent fails and the request fails', async () => {
    const client = createFakeContextCacheClient();
    const failure = new LlmUnavailableError('Gemini is unavailable');
    const model = createAgentScriptedModel({
      scripts: { summarizer: [failure, failure], insights: [failure, failure], 'fact-checker': [failure, failure] },
    });
    const { pipeline } = await createHarness(model, { contextCache: cacheSettings(client, { sharedModel: 'always' }) });
    const error = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), context()).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(LlmUnavailableError);
    expect(client.deleted).to.deep.equal(['cachedContents/fake-1']);
  });

  it('deletes the cache when the request is aborted mid-run', async () => {
    const client = createFakeContextCacheClient();
    const controller = new AbortController();
    const model = createAgentScriptedModel({
      scripts: {
        summarizer: [
          (request, options) => {
            controller.abort(new CancelledError('client went away'));
            return hangUntilAborted(request, options);
          },
        ],
        insights: [hangUntilAborted],
        'fact-checker': [hangUntilAborted],
      },
    });
    const { pipeline, events } = await createHarness(model, { contextCache: cacheSettings(client, { sharedModel: 'always' }) });
    const error = await pipeline
      .predict(requestOf([fixtureBytes('deep-sea-marathon')]), context(controller.signal))
      .catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(CancelledError);
    expect(client.deleted).to.deep.equal(['cachedContents/fake-1']);
    expect(events.find((event) => event.type === 'episode-end')).to.include({ outcome: 'cancelled' });
  });

  it('retries a failed cached call once with the full prompt', async () => {
    const client = createFakeContextCacheClient();
    const model = createAgentScriptedModel({ scripts: { insights: [new LlmRejectedError('CachedContent not found', 403)] } });
    const { pipeline } = await createHarness(model, { contextCache: cacheSettings(client, { sharedModel: 'always' }) });
    const response = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), context());
    const insightsCalls = model.calls.filter((call) => call.request.labels?.agent === 'insights').map((call) => call.request);
    expect(insightsCalls.map((request) => request.cachedContent)).to.deep.equal(['cachedContents/fake-1', undefined]);
    expect(insightsCalls[1]?.systemInstruction).to.equal(COMMON_SYSTEM_INSTRUCTION);
    expect(response.parameters?.partial).to.equal(false);
  });
});
