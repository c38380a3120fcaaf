/**
 * @module observability/llm-metrics
 * Prometheus metrics of the LLM layer, fed by the middleware callbacks. The two histograms
 * follow the OpenTelemetry GenAI client conventions mapped to Prometheus names
 * (`gen_ai.client.token.usage` → `gen_ai_client_token_usage`, `gen_ai.client.operation.duration`
 * → `gen_ai_client_operation_duration_seconds`, with OTel's recommended buckets).
 *
 * `gen_ai_token_type`: `input` (prompt incl. cached and tool-use tokens) and `output`
 * (visible + thinking) as in OTel; we add `cached_input` and `thoughts` as breakdowns that
 * are already inside input/output — never sum across token types.
 *
 * Labels stay bounded: model ids come from config and agents from the pipeline's fixed
 * set; when allow-lists are given, anything else is recorded as `other`.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CacheLookupResult, CircuitStateName, LlmCallEvent } from './llm-events.js';

export interface LlmMetrics {
  recordCall(event: LlmCallEvent): void;
  recordRetry(event: { readonly modelId: string }): void;
  recordFallback(event: { readonly fromModelId: string; readonly toModelId: string }): void;
  setBreakerState(modelId: string, state: CircuitStateName): void;
  recordCacheLookup(event: { readonly result: CacheLookupResult }): void;
}

export interface LlmMetricsOptions {
  readonly registry: Registry;
  /** Model ids allowed as label values (from config). */
  readonly modelIds?: readonly string[];
  /** Agent names allowed as label values. */
  readonly agents?: readonly string[];
}

// OTel GenAI semantic conventions, advisory bucket boundaries.
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
const DURATION_BUCKETS_SECONDS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const BREAKER_STATE_VALUES: Readonly<Record<CircuitStateName, number>> = { closed: 0, 'half-open': 1, open: 2 };

/** Sum of the known counts; undefined when none is known (unknown is not zero). */
function sumOfKnown(...counts: (number | undefined)[]): number | undefined {
  const known = counts.filter((count): count is number => count !== undefined);
  return known.length === 0 ? undefined : known.reduce((sum, count) => sum + count, 0);
}

function boundedBy(allowed: readonly string[] | undefined, always: readonly string[] = []): (value: string) => string {
  if (allowed === undefined) return (value) => value;
  const known = new Set([...allowed, ...always]);
  return (value) => (known.has(value) ? value : 'other');
}

/**
 * Registers the LLM metrics on `registry` (never the global one).
 * @example const metrics = createLlmMetrics({ registry, modelIds: ['gemini-3.8-flash'], agents: ['summarizer'] });
 */
export function createLlmMetrics({ registry, modelIds, agents }: LlmMetricsOptions): LlmMetrics {
  const model = boundedBy(modelIds);
  const agent = boundedBy(agents, ['unknown']);
  const registers = [registry];
  const tokens = new Histogram({
    name: 'gen_ai_client_token_usage',
    help: 'Tokens per LLM call by type (input and output as OTel; cached_input and thoughts are parts of them).',
    labelNames: ['gen_ai_token_type', 'gen_ai_request_model', 'agent'] as const,
    buckets: TOKEN_BUCKETS,
    registers,
  });
  const duration = new Histogram({
    name: 'gen_ai_client_operation_duration_seconds',
    help: 'Duration of each upstream LLM attempt.',
    labelNames: ['gen_ai_request_model', 'agent', 'outcome'] as const,
    buckets: DURATION_BUCKETS_SECONDS,
    registers,
  });
  const cost = new Counter({
    name: 'llm_cost_usd_total',
    help: 'Estimated LLM spend in USD (list prices, free allowances ignored).',
    labelNames: ['model', 'agent'] as const,
    registers,
  });
  const calls = new Counter({
    name: 'llm_calls_total',
    help: 'Upstream LLM attempts by outcome.',
    labelNames: ['model', 'agent', 'outcome'] as const,
    registers,
  });
  const retries = new Counter({
    name: 'llm_retries_total',
    help: 'LLM retries (each backoff sleep).',
    labelNames: ['model'] as const,
    registers,
  });
  const fallbacks = new Counter({
    name: 'llm_fallbacks_total',
    help: 'Calls handed to a fallback model.',
    labelNames: ['from', 'to'] as const,
    registers,
  });
  const breaker = new Gauge({
    name: 'llm_circuit_breaker_state',
    help: 'Circuit breaker state per model: 0 closed, 1 half-open, 2 open.',
    labelNames: ['model'] as const,
    registers,
  });
  const cache = new Counter({
    name: 'llm_response_cache_total',
    help: 'Response cache lookups by result (hit, miss, coalesced, bypass).',
    labelNames: ['result'] as const,
    registers,
  });

  function observeTokens(type: string, count: number | undefined, labels: { gen_ai_request_model: string; agent: string }): void {
    if (count !== undefined) tokens.observe({ ...labels, gen_ai_token_type: type }, count);
  }

  return {
    recordCall(event) {
      const modelLabel = model(event.modelId);
      const agentLabel = agent(event.agent);
      calls.inc({ model: modelLabel, agent: agentLabel, outcome: event.outcome });
      duration.observe({ gen_ai_request_model: modelLabel, agent: agentLabel, outcome: event.outcome }, event.durationMs / 1000);
      if (event.costUsd !== undefined && event.costUsd > 0) cost.inc({ model: modelLabel, agent: agentLabel }, event.costUsd);
      // A cache hit is not an upstream operation: its zeros would only distort the histogram.
      if (event.outcome !== 'success' || event.isCacheHit) return;
      const { usage } = event;
      const labels = { gen_ai_request_model: modelLabel, agent: agentLabel };
      observeTokens('input', sumOfKnown(usage.inputTokens, usage.toolUseInputTokens), labels);
      observeTokens('output', sumOfKnown(usage.outputTokens, usage.thoughtsTokens), labels);
      observeTokens('cached_input', usage.cachedInputTokens, labels);
      observeTokens('thoughts', usage.thoughtsTokens, labels);
    },
    recordRetry: ({ modelId }) => retries.inc({ model: model(modelId) }),
    recordFallback: ({ fromModelId, toModelId }) => fallbacks.inc({ from: model(fromModelId), to: model(toModelId) }),
    setBreakerState: (modelId, state) => breaker.set({ model: model(modelId) }, BREAKER_STATE_VALUES[state]),
    recordCacheLookup: ({ result }) => cache.inc({ result }),
  };
}
