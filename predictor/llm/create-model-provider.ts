/**
 * @module llm/create-model-provider
 * Builds, once per model id, the wrapped model the pipeline calls. Middleware order
 * (first = outermost):
 *
 *   serviceTier → responseCache → fallback ─┬→ [primary stack]
 *                                           └→ [stack of each fallback model, in order]
 *   stack per model: circuitBreaker → bulkhead → retry → usageTracking → timeout → adapter
 *
 * - Service tier first: it is part of the request, hence of the cache key.
 * - Cache outermost: a hit spends no breaker probe, bulkhead slot or token.
 * - Fallback wraps whole per-model stacks: the primary has used its retries before the
 *   next model is tried, and every model keeps its own breaker/bulkhead, shared whether
 *   it serves as primary or fallback.
 * - Breaker outside retry: one sample per call after retries, so a burst of retried
 *   attempts of one call cannot trip it; an open breaker fails fast before taking a slot.
 * - Bulkhead outside retry: it bounds concurrent calls to a model; a call keeps its slot
 *   during backoff rather than re-queueing behind newer calls.
 * - Usage tracking inside retry, around the timeout: one event per real upstream attempt,
 *   on the model that served it, with a timeout reported as `llm_timeout`.
 * - Timeout innermost: per attempt, capped by the request deadline.
 */
import type { LlmConfig } from '../config/sections/llm-config.js';
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from '../observability/logger.js';
import type { LanguageModel, LanguageModelMiddleware, LanguageModelProvider, ServiceTier } from './language-model.js';
import type { Now, Random, Sleep } from '../clock.js';
import type { ResponseCacheStore } from './middleware/response-cache-store.js';
import { withBulkhead, type BulkheadOptions } from './middleware/with-bulkhead.js';
import { withCircuitBreaker } from './middleware/with-circuit-breaker.js';
import type { CircuitStateName, LlmCallEvent } from '../observability/llm-events.js';
import { withFallback, type FallbackEvent } from './middleware/with-fallback.js';
import { withResponseCache, type ResponseCacheOptions, type ResponseCacheScope } from './middleware/with-response-cache.js';
import { withRetry, type RetryEvent } from './middleware/with-retry.js';
import { withServiceTier } from './middleware/with-service-tier.js';
import { withTimeout } from './middleware/with-timeout.js';
import { withTracing } from './middleware/with-tracing.js';
import type { GenAiProviderName } from '../observability/gen-ai-conventions.js';
import { withUsageTracking } from './middleware/with-usage-tracking.js';
import type { PriceTable } from './price-table.js';
import { wrapModel } from './wrap-model.js';

export interface ModelProviderSettings {
  readonly retry: { readonly maxAttempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
  readonly timeout: { readonly timeoutMs: number };
  readonly breaker: { readonly failureThreshold: number; readonly halfOpenAfterMs: number };
  readonly bulkhead: BulkheadOptions;
  /** Default capacity class of every request (Vertex provisioned throughput). */
  readonly serviceTier?: ServiceTier;
}

export interface CreateModelProviderOptions extends ModelProviderSettings {
  /** The bare adapter for a model id (e.g. `createGeminiModel`). Called once per id. */
  readonly createBaseModel: (modelId: string) => LanguageModel;
  /** Models tried, in order, when a model fails for capacity or health reasons. */
  readonly fallbackChains?: Readonly<Record<string, readonly string[]>>;
  /** Absent: no response cache. */
  readonly cache?: { readonly store: ResponseCacheStore; readonly ttlMs: number; readonly scope?: ResponseCacheScope };
  readonly priceTable?: PriceTable;
  readonly onCall?: (event: LlmCallEvent) => void;
  readonly onRetry?: (event: RetryEvent) => void;
  readonly onFallback?: (event: FallbackEvent) => void;
  /** Called with `closed` when a model's breaker is created, then on every transition. */
  readonly onBreakerStateChange?: (modelId: string, state: CircuitStateName) => void;
  readonly onCacheLookup?: ResponseCacheOptions['onLookup'];
  readonly logger?: Logger;
  /** OTel GenAI spans: `invoke_agent` around each agent call, `generate_content` per upstream attempt. */
  readonly tracing?: { readonly tracer: Tracer; readonly providerName: GenAiProviderName };
  readonly now: Now;
  readonly sleep: Sleep;
  readonly random: Random;
}

export interface ModelProvider extends LanguageModelProvider {
  /** Breaker state of a model whose stack has been built. */
  breakerState(modelId: string): CircuitStateName | undefined;
}

/** Upstream calls one request runs at once on one model when its agents share it. */
const CALLS_PER_REQUEST = 3;
/** Concurrent calls per model when the pod admits any number of requests (CONTAINER_CONCURRENCY=0). */
const UNBOUNDED_POD_CONCURRENT_CALLS = 2048;
const QUEUED_PER_CONCURRENT_CALL = 4;

/**
 * The bulkhead, sized from the pod's admission bound unless set: every request the pod
 * admits gets a slot for each of its agents at once, so the bulkhead never turns admitted
 * work into partial results; a lower explicit bound protects a quota by queueing.
 */
export function bulkheadSizeFrom(config: LlmConfig, containerConcurrency: number): BulkheadOptions {
  const maxConcurrentCalls =
    config.maxConcurrentCallsPerModel ??
    (containerConcurrency > 0 ? CALLS_PER_REQUEST * containerConcurrency : UNBOUNDED_POD_CONCURRENT_CALLS);
  return { maxConcurrentCalls, maxQueuedCalls: config.maxQueuedCallsPerModel ?? QUEUED_PER_CONCURRENT_CALL * maxConcurrentCalls };
}

/** Resilience settings from the validated `llm` config section and the pod's admission bound. */
export function modelProviderSettingsFrom(config: LlmConfig, containerConcurrency = 0): ModelProviderSettings {
  return {
    retry: { maxAttempts: config.maxAttempts, baseDelayMs: config.retryBaseDelayMs, maxDelayMs: config.retryMaxDelayMs },
    timeout: { timeoutMs: config.callTimeoutMs },
    breaker: { failureThreshold: config.breakerFailureCount, halfOpenAfterMs: config.breakerHalfOpenAfterMs },
    bulkhead: bulkheadSizeFrom(config, containerConcurrency),
    ...(config.provisionedThroughput === 'dedicated' ? { serviceTier: 'provisioned' as const } : {}),
  };
}

/** Downgrade-only chains over the tiers: pro → flash → flash-lite; duplicates dropped. */
export function fallbackChainsFor(tiers: {
  readonly pro: string;
  readonly flash: string;
  readonly flashLite: string;
}): Record<string, string[]> {
  const order = [tiers.pro, tiers.flash, tiers.flashLite];
  const chains: Record<string, string[]> = {};
  order.forEach((modelId, index) => {
    const rest = order.slice(index + 1).filter((candidate) => candidate !== modelId);
    chains[modelId] ??= [...new Set(rest)];
  });
  return chains;
}

/**
 * @example
 * const provider = createModelProvider({
 *   ...modelProviderSettingsFrom(config.llm),
 *   createBaseModel: (modelId) => createGeminiModel({ client, modelId }),
 *   fallbackChains: config.llm.isFallbackEnabled ? fallbackChainsFor({ pro, flash, flashLite }) : {},
 *   cache: store && { store, ttlMs: config.llm.responseCacheTtlSeconds * 1000 },
 *   priceTable, onCall: metrics.recordCall, onRetry: metrics.recordRetry, onFallback: metrics.recordFallback,
 *   onBreakerStateChange: metrics.setBreakerState, onCacheLookup: metrics.recordCacheLookup,
 *   logger, now: Date.now, sleep: realSleep, random: Math.random,
 * });
 * provider.languageModel('gemini-3.8-flash').generate(request, { signal, deadlineAtMs });
 */
export function createModelProvider(options: CreateModelProviderOptions): ModelProvider {
  const { createBaseModel, fallbackChains = {}, cache, now, sleep, random } = options;
  const breaker = withCircuitBreaker({ ...options.breaker, now, onStateChange: options.onBreakerStateChange });
  const perModel: readonly LanguageModelMiddleware[] = [
    breaker,
    withBulkhead(options.bulkhead),
    withRetry({ ...options.retry, now, sleep, random, onRetry: options.onRetry }),
    ...(options.tracing ? [withTracing({ ...options.tracing, operation: 'generate_content' })] : []),
    withUsageTracking({ onCall: options.onCall ?? (() => {}), priceTable: options.priceTable, now, logger: options.logger }),
    withTimeout({ ...options.timeout, now, sleep }),
  ];
  const stacks = new Map<string, LanguageModel>();
  const models = new Map<string, LanguageModel>();

  function stackOf(modelId: string): LanguageModel {
    let stack = stacks.get(modelId);
    if (stack === undefined) {
      stack = wrapModel({ model: createBaseModel(modelId), middleware: perModel });
      stacks.set(modelId, stack);
      options.onBreakerStateChange?.(modelId, 'closed');
    }
    return stack;
  }

  function languageModel(modelId: string): LanguageModel {
    let model = models.get(modelId);
    if (model === undefined) {
      const fallbacks = (fallbackChains[modelId] ?? []).filter((id) => id !== modelId).map(stackOf);
      const middleware: LanguageModelMiddleware[] = [];
      if (options.tracing) middleware.push(withTracing({ ...options.tracing, operation: 'invoke_agent' }));
      if (options.serviceTier !== undefined) middleware.push(withServiceTier({ serviceTier: options.serviceTier }));
      if (cache !== undefined) middleware.push(withResponseCache({ ...cache, onLookup: options.onCacheLookup }));
      if (fallbacks.length > 0) middleware.push(withFallback({ fallbacks, now, onFallback: options.onFallback }));
      model = wrapModel({ model: stackOf(modelId), middleware });
      models.set(modelId, model);
    }
    return model;
  }

  return { languageModel, breakerState: (modelId) => breaker.stateOf(modelId) };
}
