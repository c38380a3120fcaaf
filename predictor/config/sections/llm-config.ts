/**
 * @module config/sections/llm-config
 * Resilience, response caching and cost settings of the LLM layer: retry (ours is the only
 * retry owner), per-attempt timeout, per-model circuit breaker and bulkhead, fallback chains,
 * the response cache (memory or Redis), the price table override and provisioned throughput.
 */
import type { ConfigSection, SectionValues } from '../config-field.js';

export const llmConfigSection = {
  /** Attempts per model call, the first included. */
  maxAttempts: {
    env: 'LLM_MAX_ATTEMPTS',
    schema: { type: 'integer', minimum: 1, maximum: 10, default: 3 },
    description: 'Attempts per LLM call including the first (408/429/5xx/network/timeout only; the SDK itself never retries).',
  },
  retryBaseDelayMs: {
    env: 'LLM_RETRY_BASE_DELAY_MS',
    schema: { type: 'integer', minimum: 0, maximum: 60000, default: 500 },
    description: 'Base of the exponential backoff (full jitter); a Retry-After/RetryInfo delay is honoured as a minimum.',
  },
  retryMaxDelayMs: {
    env: 'LLM_RETRY_MAX_DELAY_MS',
    schema: { type: 'integer', minimum: 0, maximum: 600000, default: 8000 },
    description: 'Cap of the jittered backoff between attempts (never sleeps past the request deadline).',
  },
  callTimeoutMs: {
    env: 'LLM_CALL_TIMEOUT_MS',
    schema: { type: 'integer', minimum: 100, maximum: 3600000, default: 120000 },
    description: 'Timeout of one LLM attempt, further capped by the request deadline.',
  },
  breakerFailureCount: {
    env: 'LLM_BREAKER_FAILURES',
    schema: { type: 'integer', minimum: 1, maximum: 1000, default: 5 },
    description: "Consecutive failed calls (5xx, network, timeout; after retries) that open a model's circuit breaker.",
  },
  breakerHalfOpenAfterMs: {
    env: 'LLM_BREAKER_HALF_OPEN_AFTER_MS',
    schema: { type: 'integer', minimum: 100, maximum: 3600000, default: 15000 },
    description: 'How long an open breaker fails fast before letting one probe call through.',
  },
  maxConcurrentCallsPerModel: {
    env: 'LLM_MAX_CONCURRENT_CALLS',
    schema: { type: 'integer', minimum: 1, maximum: 10000 },
    description:
      'Bulkhead: concurrent upstream calls per model. Default 3 × CONTAINER_CONCURRENCY (each request runs its three agents at once, so an admitted request never waits on a slot), or 2048 when CONTAINER_CONCURRENCY is 0. Set it lower to protect a Gemini quota: calls then queue.',
  },
  maxQueuedCallsPerModel: {
    env: 'LLM_MAX_QUEUED_CALLS',
    schema: { type: 'integer', minimum: 0, maximum: 100000 },
    description:
      'Bulkhead: calls waiting for a slot per model; beyond this calls fail fast as overloaded. Default 4 × the concurrent calls (room for chunked and multi-episode requests).',
  },
  isFallbackEnabled: {
    env: 'LLM_FALLBACK_ENABLED',
    schema: { type: 'boolean', default: true },
    description: 'On overload/unavailability/open breaker/rate limit, try the next cheaper tier (pro → flash → flash-lite).',
  },
  isResponseCacheEnabled: {
    env: 'RESPONSE_CACHE_ENABLED',
    schema: { type: 'boolean', default: true },
    description: 'Exact response cache keyed on the whole request (model, prompt version, every parameter).',
  },
  responseCacheTtlSeconds: {
    env: 'RESPONSE_CACHE_TTL_SECONDS',
    schema: { type: 'integer', minimum: 1, maximum: 2592000, default: 3600 },
    description: 'Lifetime of a cached response.',
  },
  responseCacheMaxEntries: {
    env: 'RESPONSE_CACHE_MAX_ENTRIES',
    schema: { type: 'integer', minimum: 1, maximum: 10000000, default: 1000 },
    description: 'In-memory response cache: most entries kept (least recently used evicted).',
  },
  responseCacheMaxBytes: {
    env: 'RESPONSE_CACHE_MAX_BYTES',
    schema: { type: 'integer', minimum: 1024, maximum: 17179869184, default: 67108864 },
    description: 'In-memory response cache: most bytes of serialised responses kept.',
  },
  /** `principal`: cached answers and shared in-flight calls serve the principal that caused them only. */
  responseCacheScope: {
    env: 'RESPONSE_CACHE_SCOPE',
    schema: { type: 'string', enum: ['principal', 'shared'], default: 'principal' },
    description:
      'Who shares cached responses (LLM calls and whole episodes) and in-flight identical calls: principal (each caller only its own, so cache_hit never reveals what another tenant sent) or shared (every caller; cheaper when tenants trust each other).',
  },
  /** When set, the response cache lives in Redis (shared by replicas) instead of memory. */
  redisUrl: {
    env: 'REDIS_URL',
    schema: { type: 'string', pattern: '^rediss?://' },
    description:
      'redis:// or rediss:// URL shared by replicas for the response cache and the rate/token/budget limits (unset: in memory per replica). May embed a password.',
    isSecret: true,
  },
  /** JSON price table merged over the built-in one; read by `loadPriceTable` at start-up. */
  priceTableFile: {
    env: 'PRICE_TABLE_FILE',
    schema: { type: 'string', minLength: 1 },
    description: 'JSON price table (USD per 1M tokens) merged over the built-in one, validated at start-up.',
  },
  provisionedThroughput: {
    env: 'PROVISIONED_THROUGHPUT',
    schema: { type: 'string', enum: ['off', 'dedicated', 'dedicated-with-spillover'], default: 'off' },
    description: 'Vertex provisioned throughput: dedicated = reserved capacity only; with-spillover = reserved, then shared.',
  },
} as const satisfies ConfigSection;

export type LlmConfig = SectionValues<typeof llmConfigSection>;

/**
 * Vertex provisioned throughput: `dedicated` sends calls to reserved capacity only (the
 * adapter's `serviceTier: 'provisioned'`); `dedicated-with-spillover` is Vertex's default
 * when a project has PT (reserved first, then shared), so it adds no marker; `off` assumes
 * no PT is bought.
 */
export type ProvisionedThroughputMode = LlmConfig['provisionedThroughput'];

/**
 * Cross-field checks after schema validation and defaults; problems name the env vars.
 */
export function resolveLlmConfig(config: LlmConfig, problems: string[]): LlmConfig {
  if (config.retryBaseDelayMs > config.retryMaxDelayMs) {
    problems.push('LLM_RETRY_BASE_DELAY_MS must not exceed LLM_RETRY_MAX_DELAY_MS');
  }
  return config;
}
