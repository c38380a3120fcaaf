import { expect } from 'chai';
import type { ModelPrice } from '../../predictor/llm/price-table.js';
import { createModelRouter } from '../../predictor/llm/model-router.js';
import type { Agent } from '../../predictor/pipeline/agent.js';
import { createEpisodePlanner } from '../../predictor/pipeline/create-episode-planner.js';
import { FakeLanguageModel } from '../fakes/fake-language-model.js';
import { fixtureEpisode } from './support/episodes.js';
import { createFakeContextCacheClient } from './support/fake-context-cache-client.js';
import { providerOf } from './support/scripted-model.js';

const PRICE: ModelPrice = { inputPerMtokUsd: 0.75, cachedInputPerMtokUsd: 0.075, outputPerMtokUsd: 3.75, cacheStoragePerMtokHourUsd: 1 };
const AGENTS = ['summarizer', 'insights', 'fact-checker'].map(
  (name) => ({ name, usesGoogleSearch: name === 'fact-checker' }) as unknown as Agent,
);

describe('createEpisodePlanner', () => {
  it('plans a long transcript one chunk per turn of the event loop, routing and then starting each chunk cache', async () => {
    const client = createFakeContextCacheClient();
    const steps: string[] = [];
    const recordingClient = {
      ...client,
      create: (...args: Parameters<typeof client.create>) => (steps.push('create'), client.create(...args)),
    };
    const planner = createEpisodePlanner({
      router: createModelRouter({ tiers: { 'flash-lite': 'flash', flash: 'flash', pro: 'flash' }, agentTiers: {} }),
      models: providerOf(new FakeLanguageModel()),
      generation: { temperature: 0.2, maxOutputTokens: 1000 },
      chunking: { maxInputTokens: 6_000, overlapSegments: 2 },
      contextCache: {
        client: recordingClient,
        ttlSeconds: 300,
        sharedModel: 'always',
        expectedOutputTokensPerCall: 1_000,
        priceOf: () => PRICE,
        minimumTokensOf: () => 1,
      },
      onEvent: () => undefined,
      now: () => 0,
      yieldToEventLoop: async () => {
        steps.push('yield');
      },
    });

    const prepared = await planner.prepare({
      episode: fixtureEpisode('deep-sea-marathon'),
      episodeIndex: 0,
      promptVersion: 'v1',
      agents: AGENTS,
      signal: new AbortController().signal,
    });

    const chunkCount = prepared.plan.chunks.length;
    expect(chunkCount).to.be.greaterThan(4);
    // Routing yields between chunks; then each chunk's cache creation starts after a yield of its own.
    const routing = Array.from({ length: chunkCount - 1 }, () => 'yield');
    const caching = Array.from({ length: chunkCount }, (_, index) => (index === 0 ? ['create'] : ['yield', 'create'])).flat();
    expect(steps).to.deep.equal([...routing, ...caching]);
    expect(prepared.plan.calls.every((calls) => Object.values(calls).every((call) => call?.cachedContent !== undefined))).to.equal(true);
  });
});
