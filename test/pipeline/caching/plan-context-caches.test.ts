import { expect } from 'chai';
import type { ModelPrice } from '../../../predictor/llm/price-table.js';
import {
  planContextCaches,
  type CacheCandidateCall,
  type ContextCachePlanInput,
} from '../../../predictor/pipeline/caching/plan-context-caches.js';

const PRICES: Readonly<Record<string, ModelPrice>> = {
  lite: { inputPerMtokUsd: 0.25, cachedInputPerMtokUsd: 0.025, outputPerMtokUsd: 1.5, cacheStoragePerMtokHourUsd: 1 },
  flash: { inputPerMtokUsd: 0.75, cachedInputPerMtokUsd: 0.075, outputPerMtokUsd: 3.75, cacheStoragePerMtokHourUsd: 1 },
  'no-storage': { inputPerMtokUsd: 0.75, cachedInputPerMtokUsd: 0.075, outputPerMtokUsd: 3.75 },
};

const SUMMARIZER: CacheCandidateCall = { agent: 'summarizer', tier: 'flash-lite', modelId: 'lite', usesGoogleSearch: false };
const INSIGHTS: CacheCandidateCall = { agent: 'insights', tier: 'flash-lite', modelId: 'lite', usesGoogleSearch: false };
const FACT_CHECKER: CacheCandidateCall = { agent: 'fact-checker', tier: 'flash', modelId: 'flash', usesGoogleSearch: true };

function input(overrides: Partial<ContextCachePlanInput> = {}): ContextCachePlanInput {
  return {
    prefixTokens: 20_000,
    taskTokens: 500,
    calls: [SUMMARIZER, INSIGHTS],
    ttlSeconds: 300,
    expectedOutputTokensPerCall: 1_000,
    sharedModel: 'auto',
    priceOf: (modelId) => PRICES[modelId],
    minimumTokensOf: () => 4_096,
    supportsGroundedJsonOf: () => true,
    ...overrides,
  };
}

describe('planContextCaches', () => {
  it('caches two calls on one model when creation + storage + cached reads beat two full prompts', () => {
    const plan = planContextCaches(input());
    expect(plan.caches).to.deep.equal([{ modelId: 'lite', agents: ['summarizer', 'insights'], useGoogleSearch: false }]);
    // Full: 2 × (20,500 × 0.25 + 1,000 × 1.5) / 1e6 = 0.01325 USD.
    expect(plan.uncachedCostUsd).to.be.closeTo(0.01325, 1e-12);
    // Cached: creation 20,000 × 0.25 + storage 0.02 Mtok × 1 USD × 300/3600 h + 2 × (500 × 0.25 + 20,000 × 0.025 + 1,000 × 1.5).
    expect(plan.estimatedCostUsd).to.be.closeTo(0.005 + 0.02 / 12 + 2 * 0.002125, 1e-12);
    expect(plan.routes).to.deep.equal({ summarizer: 'lite', insights: 'lite' });
    expect(plan.isSharedModel).to.equal(false);
  });

  it('does not cache below the model minimum, for a single call, or without a storage price', () => {
    expect(planContextCaches(input({ prefixTokens: 4_000 })).caches).to.deep.equal([]);
    expect(planContextCaches(input({ calls: [SUMMARIZER] })).caches).to.deep.equal([]);
    const unstored = [SUMMARIZER, INSIGHTS].map((call) => ({ ...call, modelId: 'no-storage' }));
    expect(planContextCaches(input({ calls: unstored })).caches).to.deep.equal([]);
  });

  it('does not cache when storage for the TTL costs more than the discount saves', () => {
    const plan = planContextCaches(input({ ttlSeconds: 86_400 }));
    expect(plan.caches).to.deep.equal([]);
    expect(plan.estimatedCostUsd).to.equal(plan.uncachedCostUsd);
  });

  it('keeps the router models when one shared model would cost more (short transcript, dearer output)', () => {
    const plan = planContextCaches(input({ calls: [SUMMARIZER, INSIGHTS, FACT_CHECKER] }));
    expect(plan.isSharedModel).to.equal(false);
    expect(plan.routes).to.deep.equal({ summarizer: 'lite', insights: 'lite', 'fact-checker': 'flash' });
    expect(plan.caches.map((cache) => cache.agents)).to.deep.equal([['summarizer', 'insights']]);
    // lite group cached (0.0109167) + fact-checker in full on flash (20,500 × 0.75 + 1,000 × 3.75) / 1e6.
    expect(plan.estimatedCostUsd).to.be.closeTo(0.005 + 0.02 / 12 + 2 * 0.002125 + 0.019125, 1e-12);
  });

  it('moves every agent to the strongest routed model to share one cache when that is cheaper (long transcript)', () => {
    const plan = planContextCaches(input({ prefixTokens: 100_000, calls: [SUMMARIZER, INSIGHTS, FACT_CHECKER] }));
    expect(plan.isSharedModel).to.equal(true);
    expect(plan.routes).to.deep.equal({ summarizer: 'flash', insights: 'flash', 'fact-checker': 'flash' });
    expect(plan.caches).to.deep.equal([{ modelId: 'flash', agents: ['summarizer', 'insights', 'fact-checker'], useGoogleSearch: true }]);
    // Creation 0.075 + storage 0.1 Mtok × 300/3600 h + 3 × (500 × 0.75 + 100,000 × 0.075 + 1,000 × 3.75) / 1e6.
    expect(plan.estimatedCostUsd).to.be.closeTo(0.075 + 0.1 / 12 + 3 * 0.011625, 1e-12);
    expect(plan.estimatedCostUsd).to.be.lessThan(plan.uncachedCostUsd);
  });

  it('follows the shared-model policy: always shares when it can cache, never keeps the router models', () => {
    const calls = [SUMMARIZER, INSIGHTS, FACT_CHECKER];
    expect(planContextCaches(input({ calls, sharedModel: 'always' })).isSharedModel).to.equal(true);
    expect(planContextCaches(input({ calls, prefixTokens: 100_000, sharedModel: 'never' })).isSharedModel).to.equal(false);
  });

  it('leaves the Search agent out of a shared cache on a model without grounded JSON', () => {
    const calls = [SUMMARIZER, INSIGHTS, { ...FACT_CHECKER, modelId: 'lite', tier: 'flash-lite' as const }];
    const plan = planContextCaches(input({ calls, supportsGroundedJsonOf: () => false }));
    expect(plan.caches).to.deep.equal([{ modelId: 'lite', agents: ['summarizer', 'insights'], useGoogleSearch: false }]);
  });

  it('never caches a model without a price, and says its cost is unknown', () => {
    const calls = [SUMMARIZER, INSIGHTS].map((call) => ({ ...call, modelId: 'unpriced' }));
    const plan = planContextCaches(input({ calls }));
    expect(plan.caches).to.deep.equal([]);
    expect(Number.isNaN(plan.estimatedCostUsd)).to.equal(true);
  });
});
