import { expect } from 'chai';
import nock from 'nock';
import type { ModelPrice } from '../../predictor/llm/price-table.js';
import { createGeminiEmulator, type GeminiEmulator } from '../../predictor/emulator/gemini-emulator.js';
import { createGeminiClient } from '../../predictor/llm/gemini-client.js';
import { createContextCacheClient } from '../../predictor/llm/gemini-context-cache.js';
import { createGeminiModel } from '../../predictor/llm/gemini-model.js';
import type { LanguageModel } from '../../predictor/llm/language-model.js';
import { createModelRouter } from '../../predictor/llm/model-router.js';
import type { InsightsOutput } from '../../predictor/pipeline/agent-output-schemas.js';
import type { PipelineEvent } from '../../predictor/observability/pipeline-events.js';
import { createPipelineModel, type PipelineModelOptions } from '../../predictor/pipeline/pipeline-model.js';
import { fixtureBytes, fixtureEpisode } from './support/episodes.js';
import { context, outputJson, requestOf } from './support/pipeline-harness.js';

const TIERS = { 'flash-lite': 'gemini-3.1-flash-lite', flash: 'gemini-3.8-flash', pro: 'gemini-3.1-pro-preview' } as const;
const PRICE: ModelPrice = { inputPerMtokUsd: 0.75, cachedInputPerMtokUsd: 0.075, outputPerMtokUsd: 3.75, cacheStoragePerMtokHourUsd: 1 };

describe('pipeline through the real SDK against the Gemini emulator', () => {
  let emulator: GeminiEmulator | undefined;

  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });

  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
    nock.cleanAll();
    nock.enableNetConnect();
  });

  async function start(minCachedContentTokens = 4_096, overrides: Partial<PipelineModelOptions> = {}) {
    emulator = createGeminiEmulator({ minCachedContentTokens });
    const { baseUrl } = await emulator.start();
    const client = createGeminiClient({ backend: 'emulator', apiVersion: 'v1beta', baseUrl });
    const models = new Map<string, LanguageModel>();
    const events: PipelineEvent[] = [];
    const pipeline = createPipelineModel({
      name: 'podcast-pipeline',
      version: '1',
      router: createModelRouter({ tiers: TIERS, agentTiers: { 'fact-checker': 'flash' } }),
      models: {
        languageModel: (modelId) => models.get(modelId) ?? models.set(modelId, createGeminiModel({ client, modelId })).get(modelId)!,
      },
      promptVersion: 'v1',
      generation: { temperature: 0.2, maxOutputTokens: 4096 },
      maxEpisodesPerRequest: 1,
      episodeConcurrency: 1,
      failOnPartial: true,
      llmBackend: 'emulator',
      contextCache: {
        client: createContextCacheClient({ client }),
        ttlSeconds: 300,
        sharedModel: 'always',
        expectedOutputTokensPerCall: 1_000,
        priceOf: () => PRICE,
      },
      onEvent: (event) => events.push(event),
      now: Date.now,
      ...overrides,
    });
    await pipeline.load();
    return { pipeline, events };
  }

  function expectOriginalQuotes(insights: InsightsOutput): void {
    const { segments } = fixtureEpisode('deep-sea-marathon');
    expect(insights.notable_quotes.length).to.be.greaterThan(0);
    for (const quote of insights.notable_quotes) {
      const source = segments.find((segment) => segment.timestamp === quote.timestamp);
      expect(source?.text, quote.timestamp).to.include(quote.quote);
    }
  }

  it('serves every agent from one explicit cache, which the wire accepts and the usage reports', async () => {
    const { pipeline, events } = await start();
    const response = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), context());
    expect(response.parameters?.partial).to.equal(false);
    const cacheTokens = Number(response.parameters?.context_cache_tokens);
    expect(cacheTokens).to.be.greaterThan(4_096);
    // Three calls each read the whole cache.
    expect(response.parameters?.cached_input_tokens).to.equal(3 * cacheTokens);
    expect(events.flatMap((event) => (event.type === 'context-cache' ? [event.outcome] : []))).to.deep.equal(['created', 'deleted']);
    expectOriginalQuotes(outputJson(response, 'insights') as InsightsOutput);
  });

  it('falls back to full prompts when the service refuses the cache as too small', async () => {
    const { pipeline, events } = await start(1_000_000);
    const response = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), context());
    expect(response.parameters).to.include({ partial: false, context_cache_tokens: 0, cached_input_tokens: 0 });
    expect(events.find((event) => event.type === 'context-cache')).to.include({ outcome: 'failed', errorCode: 'llm_rejected' });
  });

  it('analyses the 420-segment episode in chunks with one cache per chunk, quotes at their original timestamps', async () => {
    const { pipeline, events } = await start(2_000, { chunking: { maxInputTokens: 8_000, overlapSegments: 2, concurrency: 2 } });
    const response = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), context());
    expect(response.parameters?.partial).to.equal(false);
    const created = events.filter((event) => event.type === 'context-cache' && event.outcome === 'created');
    expect(created).to.have.length(4);
    expectOriginalQuotes(outputJson(response, 'insights') as InsightsOutput);
    expect((outputJson(response, 'fact_checks') as { claims: unknown[] }).claims.length).to.be.greaterThan(0);
  });
});
