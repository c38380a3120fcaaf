/**
 * @module observability/llm-metrics
 * Prometheus metrics of the LLM layer, fed by the middleware callbacks. Each upstream call is
 * a `generate_content` operation in the OTel GenAI histograms (gen-ai-metrics.ts) with
 * `gen_ai_provider_name`, `gen_ai_request_model`, `gen_ai_response_model`,
 * `gen_ai_agent_name` and, on failure, `error_type`. `gen_ai_token_type` is `input` or
 * `output` only, as the conventions define it; cached input and thinking tokens, already
 * inside those, have counters of their own. The service's own LLM metrics (`llm_*`) carry
 * the same `gen_ai_request_model` label, so every LLM metric joins on one model label.
 *
 * Labels stay bounded: model ids come from config (a served version counts when it starts
 * with a configured id), agents from the pipeline's fixed set; anything else is `other`.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { GenAiProviderName } from './gen-ai-conventions.js';
import { genAiLabels, genAiOperationDuration, genAiTokenUsage } from './gen-ai-metrics.js';
import type { CacheLookupResult, CircuitStateName, LlmCallEvent } from './llm-events.js';

export interface LlmMetrics {
  recordCall(event: LlmCallEvent): void;
  recordRetry(event: { readonly modelId: string }): void;
  recordFallback(event: { readonly fromModelId: string; readonly toModelId: string }): void;
  setBreakerState(modelId: string, state: CircuitStateName): void;
  recordCacheLookup(event: { readonly modelId: string; readonly result: CacheLookupResult }): void;
}

export interface LlmMetricsOptions {
  readonly registry: Registry;
  /** `gen_ai_provider_name` of every call (the configured backend). */
  readonly providerName: GenAiProviderName;
  /** Model ids allowed as label values (from config). */
  readonly modelIds?: readonly string[];
  /** Agent names allowed as label values. */
  readonly agents?: readonly string[];
}

const BREAKER_STATE_VALUES: Readonly<Record<CircuitStateName, number>> = { closed: 0, 'half-open': 1, open: 2 };
const MODEL_VERSION_PATTERN = /^[A-Za-z0-9._-]{1,80}$/;

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

/** A served version (`gemini-3.8-flash-002`) is kept when it extends a configured model id. */
function boundedVersionBy(allowed: readonly string[] | undefined): (value: string) => string {
  return (value) =>
    MODEL_VERSION_PATTERN.test(value) && (allowed === undefined || allowed.some((modelId) => value.startsWith(modelId))) ? value : 'other';
}

/**
 * Registers the LLM metrics on `registry` (never the global one).
 * @example const metrics = createLlmMetrics({ registry, providerName: 'gcp.gemini', modelIds: ['gemini-3.8-flash'], agents: ['summarizer'] });
 */
export function createLlmMetrics({ registry, providerName, modelIds, agents }: LlmMetricsOptions): LlmMetrics {
  const model = boundedBy(modelIds);
  const version = boundedVersionBy(modelIds);
  const agent = boundedBy(agents, ['unknown']);
  const registers = [registry];
  const duration = genAiOperationDuration(registry);
  const tokens = genAiTokenUsage(registry);
  /** The service's own per-call counters, joined to the GenAI histograms on model and agent. */
  const perCallCounter = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['gen_ai_request_model', 'gen_ai_agent_name'] as const, registers });
  const cost = perCallCounter('llm_cost_usd_total', 'Estimated LLM spend in USD (list prices, free allowances ignored).');
  const calls = new Counter({
    name: 'llm_calls_total',
    help: 'LLM calls by outcome (success or an error code), response cache hits included.',
    labelNames: ['gen_ai_request_model', 'gen_ai_agent_name', 'outcome'] as const,
    registers,
  });
  const cachedInputTokens = perCallCounter(
    'llm_cached_input_tokens_total',
    'Input tokens served from a context cache (already inside gen_ai_client_token_usage input).',
  );
  const reasoningTokens = perCallCounter(
    'llm_reasoning_tokens_total',
    'Thinking tokens (already inside gen_ai_client_token_usage output).',
  );
  const retries = new Counter({
    name: 'llm_retries_total',
    help: 'LLM retries (each backoff sleep).',
    labelNames: ['gen_ai_request_model'] as const,
    registers,
  });
  const fallbacks = new Counter({
    name: 'llm_fallbacks_total',
    help: 'Calls handed from gen_ai_request_model to the fallback model fallback_model.',
    labelNames: ['gen_ai_request_model', 'fallback_model'] as const,
    registers,
  });
  const breaker = new Gauge({
    name: 'llm_circuit_breaker_state',
    help: 'Circuit breaker state per model: 0 closed, 1 half-open, 2 open.',
    labelNames: ['gen_ai_request_model'] as const,
    registers,
  });
  const cache = new Counter({
    name: 'llm_response_cache_total',
    help: 'Response cache lookups by model and result (hit, miss, coalesced, bypass).',
    labelNames: ['gen_ai_request_model', 'result'] as const,
    registers,
  });

  return {
    recordCall(event) {
      const requestModel = model(event.modelId);
      const agentName = agent(event.agent);
      const perModel = { gen_ai_request_model: requestModel, gen_ai_agent_name: agentName };
      calls.inc({ ...perModel, outcome: event.outcome });
      if (event.costUsd !== undefined && event.costUsd > 0) cost.inc(perModel, event.costUsd);
      // A cache hit is not an upstream operation: its zeros would only distort the histograms.
      if (event.isCacheHit) return;
      const isSuccess = event.outcome === 'success';
      const labels = genAiLabels({
        operation: 'generate_content',
        provider: providerName,
        requestModel,
        agent: agentName,
        ...(event.modelVersion === undefined ? {} : { responseModel: version(event.modelVersion) }),
        ...(isSuccess ? {} : { errorType: event.outcome }),
      });
      duration.observe(labels, event.durationMs / 1000);
      if (!isSuccess) return;
      const { usage } = event;
      const input = sumOfKnown(usage.inputTokens, usage.toolUseInputTokens);
      const output = sumOfKnown(usage.outputTokens, usage.thoughtsTokens);
      if (input !== undefined) tokens.observe({ ...labels, gen_ai_token_type: 'input' }, input);
      if (output !== undefined) tokens.observe({ ...labels, gen_ai_token_type: 'output' }, output);
      if (usage.cachedInputTokens) cachedInputTokens.inc(perModel, usage.cachedInputTokens);
      if (usage.thoughtsTokens) reasoningTokens.inc(perModel, usage.thoughtsTokens);
    },
    recordRetry: ({ modelId }) => retries.inc({ gen_ai_request_model: model(modelId) }),
    recordFallback: ({ fromModelId, toModelId }) =>
      fallbacks.inc({ gen_ai_request_model: model(fromModelId), fallback_model: model(toModelId) }),
    setBreakerState: (modelId, state) => breaker.set({ gen_ai_request_model: model(modelId) }, BREAKER_STATE_VALUES[state]),
    recordCacheLookup: ({ modelId, result }) => cache.inc({ gen_ai_request_model: model(modelId), result }),
  };
}
