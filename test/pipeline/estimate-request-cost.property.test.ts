import { expect } from 'chai';
import nock from 'nock';
import type { SharedModelPolicy } from '../../predictor/config/sections/pipeline-config.js';
import { PII_KINDS } from '../../predictor/config/sections/security-config.js';
import type { CostEstimate, RequestLimiter } from '../../predictor/contract/access-control.js';
import { createDataPlane } from '../../predictor/dataplane/data-plane.js';
import { createModelRegistry } from '../../predictor/dataplane/model-registry.js';
import { withRequestLimits } from '../../predictor/dataplane/decorators/with-request-limits.js';
import { ANONYMOUS_PRINCIPAL } from '../../predictor/contract/request-context.js';
import { createGeminiEmulator, type GeminiEmulator } from '../../predictor/emulator/gemini-emulator.js';
import { fallbackChainsFor } from '../../predictor/llm/create-model-provider.js';
import { cacheStorageCostUsd, costOfCall } from '../../predictor/llm/cost.js';
import { DEFAULT_PRICE_TABLE } from '../../predictor/llm/default-price-table.js';
import { createGeminiClient } from '../../predictor/llm/gemini-client.js';
import { createContextCacheClient } from '../../predictor/llm/gemini-context-cache.js';
import { createGeminiModel } from '../../predictor/llm/gemini-model.js';
import type { LanguageModel } from '../../predictor/llm/language-model.js';
import { createModelRouter } from '../../predictor/llm/model-router.js';
import { resolvePrice } from '../../predictor/llm/price-table.js';
import type { Usage } from '../../predictor/contract/usage.js';
import { FACT_CHECK_SCHEMA, INSIGHTS_SCHEMA, SUMMARY_SCHEMA } from '../../predictor/pipeline/agent-output-schemas.js';
import { decodeEpisode } from '../../predictor/pipeline/decode-episode.js';
import { estimateRequestCost, type TokenizerBound } from '../../predictor/pipeline/estimate-request-cost.js';
import type { PipelineEvent } from '../../predictor/observability/pipeline-events.js';
import { createPipelineModel } from '../../predictor/pipeline/pipeline-model.js';
import { createGuardrails } from '../../predictor/pipeline/guardrails/create-guardrails.js';
import { createRequestLimiter } from '../../predictor/security/request-limiter.js';
import { createRecordingLogger, createRecordingMetrics } from '../security/security-fakes.js';
import { adversarialEpisode, createRandom, integer, pick } from './support/adversarial-episodes.js';
import { requestOf } from './support/pipeline-harness.js';

const TIERS = { 'flash-lite': 'gemini-3.1-flash-lite', flash: 'gemini-3.8-flash', pro: 'gemini-3.1-pro-preview' } as const;
const PRICED_AT_MS = Date.parse('2026-11-01T00:00:00Z');
const TTL_SECONDS = 300;
const priceOf = (modelId: string) => resolvePrice(DEFAULT_PRICE_TABLE, modelId, PRICED_AT_MS);
const costOf = (usage: Usage, modelVersion: string) =>
  costOfCall({ table: DEFAULT_PRICE_TABLE, modelVersion, usage, atMs: PRICED_AT_MS })?.totalUsd ?? 0;
const fallbackChains = fallbackChainsFor({ pro: TIERS.pro, flash: TIERS.flash, flashLite: TIERS['flash-lite'] });

/** The emulator's own token rule: the structural count must hold without the 4× slack of one token per byte. */
const EMULATOR_TOKENIZER: TokenizerBound = { promptTokensOf: (bytes) => Math.ceil(bytes / 4), outputBytesPerToken: 4 };

const CASES = 40;

interface Billed {
  tokens: number;
  costUsd: number;
}

/** Set by the chunk prompts' note ("part 2 of 5 of a longer episode"). */
const CHUNK_NOTE = 'of a longer episode';

interface CaseOutcome {
  readonly chunked: boolean;
  readonly cached: boolean;
  readonly grounded: boolean;
  readonly redacted: boolean;
}

describe('the reservation bounds what a run is billed: seeded adversarial episodes, real pipeline and data plane, Gemini emulator', function () {
  this.timeout(120_000);
  let emulator: GeminiEmulator;
  let client: ReturnType<typeof createGeminiClient>;
  const outcomes: CaseOutcome[] = [];

  before(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    emulator = createGeminiEmulator({ minCachedContentTokens: 1 });
    const { baseUrl } = await emulator.start();
    client = createGeminiClient({ backend: 'emulator', apiVersion: 'v1beta', baseUrl });
  });

  after(async () => {
    await emulator.stop();
    nock.enableNetConnect();
  });

  async function runCase(seed: number) {
    const random = createRandom(seed);
    const episodes = Array.from({ length: integer(random, 1, 2) }, () =>
      adversarialEpisode(random, integer(random, 1, pick(random, [20, 200, 1_000]))),
    );
    const maxOutputTokens = pick(random, [256, 1024, 4096]);
    const chunking = {
      maxInputTokens: pick(random, [2_000, 3_000, 6_000, 200_000]),
      overlapSegments: integer(random, 0, 6),
      concurrency: 2,
    };
    const sharedModel = pick<SharedModelPolicy>(random, ['auto', 'always', 'never']);
    const isCached = random() < 0.7;
    const isGuarded = random() < 0.7;
    const promptVersion = pick(random, ['v1', 'v2']);
    const router = createModelRouter({
      tiers: TIERS,
      agentTiers: {
        summarizer: pick(random, ['flash-lite', 'flash']),
        insights: pick(random, ['flash-lite', 'pro']),
        'fact-checker': pick(random, ['flash', 'flash-lite']),
      },
    });

    // Every upstream call the emulator answered, and every cache it created: what Gemini would bill.
    const billed: Billed = { tokens: 0, costUsd: 0 };
    let isChunked = false;
    const wrapped = new Map<string, LanguageModel>();
    const models = {
      languageModel(modelId: string): LanguageModel {
        let model = wrapped.get(modelId);
        if (model === undefined) {
          const base = createGeminiModel({ client, modelId });
          model = {
            modelId: base.modelId,
            supportsGroundedJson: base.supportsGroundedJson,
            async generate(request, options) {
              isChunked ||= request.contents.some((part) => part.includes(CHUNK_NOTE));
              const result = await base.generate(request, options);
              const { usage } = result;
              billed.tokens += (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0) + (usage.thoughtsTokens ?? 0);
              billed.costUsd += costOf(usage, result.modelVersion);
              return result;
            },
          };
          wrapped.set(modelId, model);
        }
        return model;
      },
    };
    const events: PipelineEvent[] = [];
    const contextCache = {
      client: createContextCacheClient({ client }),
      ttlSeconds: TTL_SECONDS,
      sharedModel,
      expectedOutputTokensPerCall: 500,
      priceOf,
      minimumTokensOf: () => 1,
    };
    const guardrails = createGuardrails({
      overrides: {},
      failMode: 'closed',
      piiKinds: PII_KINDS,
      outputSchemas: { summarizer: SUMMARY_SCHEMA, insights: INSIGHTS_SCHEMA, 'fact-checker': FACT_CHECK_SCHEMA },
      metrics: createRecordingMetrics(),
      logger: createRecordingLogger(),
    });
    const pipeline = createPipelineModel({
      name: 'podcast-pipeline',
      version: '1',
      router,
      models,
      promptVersion: 'v1',
      generation: { temperature: 0.2, maxOutputTokens },
      maxEpisodesPerRequest: 4,
      episodeConcurrency: 2,
      failOnPartial: false,
      llmBackend: 'emulator',
      costOf,
      onEvent: (event) => events.push(event),
      now: Date.now,
      chunking,
      fallbackModelsOf: (modelId) => fallbackChains[modelId] ?? [],
      ...(isCached ? { contextCache } : {}),
      ...(isGuarded ? { guardrails } : {}),
    });
    await pipeline.load();

    // The real limiter behind a spy: what the data plane reserved, and what it settled.
    const reservations: { reserved: CostEstimate; settled?: Billed }[] = [];
    const limiter = createRequestLimiter({
      requestsPerMinute: 0,
      tokensPerMinute: 1e12,
      dailyBudgetUsd: 1e6,
      metrics: createRecordingMetrics(),
      logger: createRecordingLogger(),
    });
    const spy: RequestLimiter = {
      async admit(request) {
        const record: (typeof reservations)[number] = { reserved: request.estimate ?? { maxTokens: 0, maxCostUsd: 0 } };
        reservations.push(record);
        const admission = await limiter.admit(request);
        return {
          async settle(actual) {
            record.settled = { tokens: actual.tokens, costUsd: actual.costUsd };
            await admission.settle(actual);
          },
        };
      },
    };
    const dataPlane = createDataPlane({
      registry: createModelRegistry([withRequestLimits({ model: pipeline, limiter: spy })]),
      serverMetadata: { name: 'test', version: '1', extensions: [] },
    });
    const request = requestOf(
      episodes.map((episode) => episode.json),
      { prompt_version: promptVersion, cache: false },
    );
    const context = {
      requestId: `seed-${seed}`,
      signal: new AbortController().signal,
      deadlineAtMs: Date.now() + 60_000,
      principal: ANONYMOUS_PRINCIPAL,
    };
    try {
      await dataPlane.infer('podcast-pipeline', undefined, request, context);
    } catch {
      // Every agent failed (e.g. output cut at a small cap): still billed upstream, still settled.
    }

    for (const event of events) {
      if (event.type !== 'context-cache' || event.outcome !== 'created') continue;
      const tokenCount = event.tokenCount ?? 0;
      billed.tokens += tokenCount;
      billed.costUsd +=
        costOf({ inputTokens: tokenCount }, event.modelId) + (cacheStorageCostUsd(tokenCount, TTL_SECONDS, priceOf(event.modelId)!) ?? 0);
    }
    const tight = estimateRequestCost({
      episodes: episodes.map((episode, index) => decodeEpisode(episode.json, index)),
      agents: [
        { name: 'summarizer', usesGoogleSearch: false },
        { name: 'insights', usesGoogleSearch: false },
        { name: 'fact-checker', usesGoogleSearch: true },
      ],
      router,
      promptVersion,
      maxOutputTokens,
      costOf,
      chunking,
      ...(isCached ? { contextCache } : {}),
      fallbackModelsOf: (modelId) => fallbackChains[modelId] ?? [],
      isRedactionPossible: isGuarded,
      tokenizer: EMULATOR_TOKENIZER,
    });
    const agentEnds = events.flatMap((event) => (event.type === 'agent-end' ? [event] : []));
    outcomes.push({
      chunked: isChunked,
      cached: events.some((event) => event.type === 'context-cache' && event.outcome === 'created'),
      grounded: agentEnds.some((event) => (event.groundingQueryCount ?? 0) > 0),
      redacted: isGuarded && episodes.some((episode) => /\d{7}[A-Z]/.test(episode.json)),
    });
    return { reservation: reservations[0], billed, tight };
  }

  for (let seed = 1; seed <= CASES; seed++) {
    it(`seed ${seed}: settled and upstream usage stay within the reservation`, async () => {
      const { reservation, billed, tight } = await runCase(seed);
      expect(reservation, 'the data plane reserved before running').to.not.equal(undefined);
      const { reserved, settled } = reservation!;
      expect(settled, 'the data plane settled after running').to.not.equal(undefined);
      expect(settled!.tokens, 'settled tokens').to.be.at.most(reserved.maxTokens);
      expect(settled!.costUsd, 'settled USD').to.be.at.most(reserved.maxCostUsd);
      expect(billed.tokens, 'tokens billed upstream').to.be.at.most(reserved.maxTokens);
      expect(billed.costUsd, 'USD billed upstream').to.be.at.most(reserved.maxCostUsd);
      // Counted at the emulator's own rate (ceil(bytes / 4)), the bound must still hold: no call,
      // byte or chunk may be missing from the count, hidden by the slack of one token per byte.
      expect(billed.tokens, 'tokens billed, against the bound at the emulator tokenizer').to.be.at.most(tight.maxTokens);
      expect(billed.costUsd, 'USD billed, against the bound at the emulator tokenizer').to.be.at.most(tight.maxCostUsd);
    });
  }

  it('the seeded cases covered chunked runs, explicit caches, grounding and redaction', () => {
    expect(outcomes).to.have.length(CASES);
    expect(outcomes.filter((outcome) => outcome.chunked).length, 'chunked runs').to.be.greaterThan(0);
    expect(outcomes.filter((outcome) => outcome.cached).length, 'runs with a context cache').to.be.greaterThan(0);
    expect(outcomes.filter((outcome) => outcome.grounded).length, 'grounded runs').to.be.greaterThan(0);
    expect(outcomes.filter((outcome) => outcome.redacted).length, 'redacted runs').to.be.greaterThan(0);
  });
});
