/**
 * @module test/jobs/job-test-kit
 * Builds the jobs stack for tests: the real batch codec (tier router, capability-only
 * model provider), a job id codec with a fixed secret, and request contexts per caller.
 */
import type { RequestLimiter } from '../../predictor/contract/access-control.js';
import { ANONYMOUS_PRINCIPAL, type Principal, type RequestContext } from '../../predictor/contract/request-context.js';
import type { ModelRequest } from '../../predictor/contract/tensor.js';
import type { BatchClient } from '../../predictor/llm/batch-client.js';
import type { LanguageModelProvider } from '../../predictor/llm/language-model.js';
import { createModelRouter } from '../../predictor/llm/model-router.js';
import type { PriceTable } from '../../predictor/llm/price-table.js';
import { createJobIdCodec } from '../../predictor/jobs/job-id-codec.js';
import { createJobService, type JobService } from '../../predictor/jobs/job-service.js';
import { createBatchCodec, type BatchCodec } from '../../predictor/pipeline/batch-codec.js';
import { CollectingLogger } from '../fakes/collecting-logger.js';

export const JOB_MODEL_NAME = 'podcast-pipeline';
export const TEST_ID_SECRET = 'a-test-secret-of-at-least-32-bytes!!';

/** Priced like the sample outputs' model versions (`gemini-test-lite-001`, `gemini-test-flash-002`). */
export const TEST_PRICE_TABLE: PriceTable = {
  batchPriceFactor: 0.5,
  models: {
    'gemini-test-lite': { inputPerMtokUsd: 0.1, cachedInputPerMtokUsd: 0.025, outputPerMtokUsd: 0.4 },
    'gemini-test-flash': {
      inputPerMtokUsd: 0.5,
      cachedInputPerMtokUsd: 0.125,
      outputPerMtokUsd: 3,
      groundingPer1kUsd: 14,
      groundingUnit: 'search_query',
    },
  },
};

/** Models that are never called: the codec reads only `supportsGroundedJson`. */
export function capabilityOnlyModels(supportsGroundedJson = true): LanguageModelProvider {
  return {
    languageModel: (modelId) => ({
      modelId,
      supportsGroundedJson,
      generate: () => Promise.reject(new Error('a batch codec must not call a model')),
    }),
  };
}

/** The codec with summarizer and insights on the lite tier and the fact-checker on flash. */
export function createTestCodec(options: { maxEpisodesPerJob?: number; supportsGroundedJson?: boolean } = {}): BatchCodec {
  return createBatchCodec({
    router: createModelRouter({
      tiers: { 'flash-lite': 'gemini-test-lite', flash: 'gemini-test-flash', pro: 'gemini-test-pro' },
      agentTiers: { summarizer: 'flash-lite', insights: 'flash-lite', 'fact-checker': 'flash' },
    }),
    models: capabilityOnlyModels(options.supportsGroundedJson),
    generation: { temperature: 0.2, maxOutputTokens: 2048 },
    defaultPromptVersion: 'v1',
    maxEpisodesPerJob: options.maxEpisodesPerJob ?? 50,
  });
}

export interface TestJobService {
  readonly service: JobService;
  readonly logger: CollectingLogger;
}

export function createTestJobService(
  batchClient: BatchClient,
  overrides: { maxBatchBytes?: number; priceTable?: PriceTable; limiter?: RequestLimiter } = {},
): TestJobService {
  const logger = new CollectingLogger();
  const service = createJobService({
    batchClient,
    pipelineCodec: createTestCodec(),
    idCodec: createJobIdCodec({ secret: TEST_ID_SECRET }),
    modelName: JOB_MODEL_NAME,
    llmBackend: 'gemini',
    maxBatchBytes: overrides.maxBatchBytes ?? 20_000_000,
    priceTable: overrides.priceTable ?? TEST_PRICE_TABLE,
    ...(overrides.limiter ? { limiter: overrides.limiter } : {}),
    logger,
    now: () => Date.parse('2026-11-27T01:00:00Z'),
  });
  return { service, logger };
}

/** A request context for `principal` (anonymous by default). */
export function contextFor(principal: Principal = ANONYMOUS_PRINCIPAL): RequestContext {
  return { requestId: 'req-1', signal: new AbortController().signal, deadlineAtMs: Number.MAX_SAFE_INTEGER, principal };
}

/** An inference request holding `episodes` (objects or JSON text), with optional parameters. */
export function episodesRequest(episodes: readonly unknown[], parameters?: Record<string, string>): ModelRequest {
  const data = episodes.map((episode) => (typeof episode === 'string' ? episode : JSON.stringify(episode)));
  return { inputs: [{ name: 'episode', datatype: 'BYTES', shape: [data.length], data }], ...(parameters ? { parameters } : {}) };
}
