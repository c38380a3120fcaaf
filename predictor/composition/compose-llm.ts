/**
 * @module composition/compose-llm
 * The LLM stack of a server: backend client, price table, metrics, response cache and the
 * per-model resilience stacks behind one provider, plus the tier router.
 */
import type { Config } from '../config/config-schema.js';
import { createModelProvider, fallbackChainsFor, modelProviderSettingsFrom, type ModelProvider } from '../llm/create-model-provider.js';
import { createContextCacheClient } from '../llm/gemini-context-cache.js';
import { createGeminiModel } from '../llm/gemini-model.js';
import { resolvePrice } from '../llm/price-table.js';
import type { ContextCacheSettings } from '../pipeline/create-episode-planner.js';
import { loadPriceTable } from '../llm/load-price-table.js';
import { createResponseCacheStore } from '../llm/middleware/create-response-cache-store.js';
import type { ResponseCacheStore } from '../llm/middleware/response-cache-store.js';
import type { RedisCommands } from '../llm/middleware/redis-response-cache-store.js';
import type { Now, Random, Sleep } from '../clock.js';
import { createModelRouter, type ModelRouter } from '../llm/model-router.js';
import { costOfCall } from '../llm/cost.js';
import type { PriceTable } from '../llm/price-table.js';
import type { Usage } from '../contract/usage.js';
import { createLlmMetrics } from '../observability/llm-metrics.js';
import { genAiProviderNameOf } from '../observability/gen-ai-conventions.js';
import type { Logger } from '../observability/logger.js';
import type { Tracer } from '@opentelemetry/api';
import type { Registry } from 'prom-client';
import { AGENT_NAMES } from '../pipeline/agent.js';
import { startLlmBackend, type LlmBackendHandle } from './start-llm-backend.js';
import { modelIdsByTier } from '../config/sections/gemini-config.js';

export interface ComposeLlmOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly readFile: (path: string) => Promise<string>;
  readonly now: Now;
  readonly sleep: Sleep;
  readonly random: Random;
  /** OTel tracer for GenAI spans; a no-op tracer when trace export is off. */
  readonly tracer?: Tracer;
  /** The server's Redis connection (REDIS_URL), for the response cache. */
  readonly redis?: RedisCommands;
  /** Node's proxy environment, when the process uses it: Gemini calls follow it. */
  readonly proxyEnv?: NodeJS.ProcessEnv;
}

export interface LlmStack {
  readonly backend: LlmBackendHandle;
  readonly provider: ModelProvider;
  readonly router: ModelRouter;
  readonly priceTable: PriceTable;
  /** The response cache store (memory or Redis), shared with the pipeline's episode cache. */
  readonly responseCacheStore?: ResponseCacheStore;
  /** Explicit context caching for the pipeline; absent when CONTEXT_CACHE_ENABLED=false. */
  readonly contextCache?: ContextCacheSettings;
  /** USD of a call's usage, priced on the version that served it (0 when unpriced). */
  costOf(usage: Usage, modelVersion: string): number;
  /** The models a call on `modelId` may fall back to (empty when fallback is off). */
  fallbackModelsOf(modelId: string): readonly string[];
  close(): Promise<void>;
}

export async function composeLlm({
  config,
  logger,
  registry,
  readFile,
  now,
  sleep,
  random,
  tracer,
  redis,
  proxyEnv,
}: ComposeLlmOptions): Promise<LlmStack> {
  const { gemini, llm, pipeline } = config;
  const tiers = modelIdsByTier(gemini);
  const priceTable = await loadPriceTable({ path: llm.priceTableFile, readFile });
  const backend = await startLlmBackend(gemini, logger, proxyEnv === undefined ? {} : { proxyEnv });
  const providerName = genAiProviderNameOf(backend.backend);
  const metrics = createLlmMetrics({ registry, providerName, modelIds: Object.values(tiers), agents: [...AGENT_NAMES, 'judge'] });
  const store = createResponseCacheStore({ config: llm, logger, ...(redis ? { redis } : {}) });
  const fallbackChains = llm.isFallbackEnabled
    ? fallbackChainsFor({ pro: tiers.pro, flash: tiers.flash, flashLite: tiers['flash-lite'] })
    : {};
  const provider = createModelProvider({
    ...modelProviderSettingsFrom(llm, config.server.containerConcurrency),
    createBaseModel: (modelId) => createGeminiModel({ client: backend.client, modelId }),
    fallbackChains,
    ...(store ? { cache: { store, ttlMs: llm.responseCacheTtlSeconds * 1000, scope: llm.responseCacheScope } } : {}),
    priceTable,
    onCall: metrics.recordCall,
    onRetry: metrics.recordRetry,
    onFallback: metrics.recordFallback,
    onBreakerStateChange: metrics.setBreakerState,
    onCacheLookup: metrics.recordCacheLookup,
    logger,
    ...(tracer ? { tracing: { tracer, providerName } } : {}),
    now,
    sleep,
    random,
  });
  const router = createModelRouter({
    tiers,
    agentTiers: { summarizer: pipeline.summarizerTier, insights: pipeline.insightsTier, 'fact-checker': pipeline.factCheckerTier },
  });
  const contextCache: ContextCacheSettings | undefined = pipeline.isContextCacheEnabled
    ? {
        client: createContextCacheClient({ client: backend.client }),
        ttlSeconds: pipeline.contextCacheTtlSeconds,
        sharedModel: pipeline.contextCacheSharedModel,
        expectedOutputTokensPerCall: pipeline.contextCacheExpectedOutputTokens,
        priceOf: (modelId) => resolvePrice(priceTable, modelId, now()),
      }
    : undefined;
  return {
    backend,
    provider,
    router,
    priceTable,
    ...(contextCache ? { contextCache } : {}),
    ...(store ? { responseCacheStore: store } : {}),
    costOf: (usage, modelVersion) => costOfCall({ table: priceTable, modelVersion, usage, atMs: now() })?.totalUsd ?? 0,
    fallbackModelsOf: (modelId) => fallbackChains[modelId] ?? [],
    async close() {
      await backend.stop();
    },
  };
}
