import { expect } from 'chai';
import { Registry } from 'prom-client';
import { createLlmMetrics } from '../../predictor/observability/llm-metrics.js';
import type { LlmCallEvent } from '../../predictor/observability/llm-events.js';

async function metricValues(
  registry: Registry,
  name: string,
): Promise<{ labels: Record<string, string | number>; value: number; metricName?: string }[]> {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  expect(metric, name).to.not.equal(undefined);
  return (metric?.values ?? []) as { labels: Record<string, string | number>; value: number; metricName?: string }[];
}

const success: LlmCallEvent = {
  modelId: 'gemini-3.8-flash',
  modelVersion: 'gemini-3.8-flash-001',
  agent: 'summarizer',
  usage: { inputTokens: 5120, cachedInputTokens: 4096, toolUseInputTokens: 2210, outputTokens: 180, thoughtsTokens: 640 },
  costUsd: 0.01,
  durationMs: 1_250,
  outcome: 'success',
  isCacheHit: false,
};

describe('createLlmMetrics', () => {
  it('records a call as OTel token usage and operation duration plus calls and cost', async () => {
    const registry = new Registry();
    const metrics = createLlmMetrics({ registry, modelIds: ['gemini-3.8-flash'], agents: ['summarizer'] });
    metrics.recordCall(success);

    const tokenSums = (await metricValues(registry, 'gen_ai_client_token_usage')).filter(
      (value) => value.metricName === 'gen_ai_client_token_usage_sum',
    );
    const byType = Object.fromEntries(tokenSums.map((value) => [value.labels.gen_ai_token_type, value.value]));
    expect(byType).to.deep.equal({ input: 5120 + 2210, output: 180 + 640, cached_input: 4096, thoughts: 640 });
    expect(tokenSums[0]?.labels).to.include({ gen_ai_request_model: 'gemini-3.8-flash', agent: 'summarizer' });

    const durationSum = (await metricValues(registry, 'gen_ai_client_operation_duration_seconds')).find(
      (value) => value.metricName === 'gen_ai_client_operation_duration_seconds_sum',
    );
    expect(durationSum?.value).to.equal(1.25);
    expect(durationSum?.labels).to.include({ outcome: 'success' });

    expect(await metricValues(registry, 'llm_calls_total')).to.deep.equal([
      { labels: { model: 'gemini-3.8-flash', agent: 'summarizer', outcome: 'success' }, value: 1 },
    ]);
    expect((await metricValues(registry, 'llm_cost_usd_total'))[0]?.value).to.equal(0.01);
  });

  it('counts failures without token observations or cost', async () => {
    const registry = new Registry();
    const metrics = createLlmMetrics({ registry });
    metrics.recordCall({ ...success, usage: {}, costUsd: undefined, outcome: 'llm_unavailable' });
    expect((await metricValues(registry, 'llm_calls_total'))[0]?.labels.outcome).to.equal('llm_unavailable');
    expect(await metricValues(registry, 'gen_ai_client_token_usage')).to.deep.equal([]);
    expect(await metricValues(registry, 'llm_cost_usd_total')).to.deep.equal([]);
  });

  it('does not observe tokens of a cache hit', async () => {
    const registry = new Registry();
    createLlmMetrics({ registry }).recordCall({ ...success, isCacheHit: true, costUsd: 0, usage: { inputTokens: 0, outputTokens: 0 } });
    expect(await metricValues(registry, 'gen_ai_client_token_usage')).to.deep.equal([]);
  });

  it('maps model ids and agents outside the allow-lists to other', async () => {
    const registry = new Registry();
    const metrics = createLlmMetrics({ registry, modelIds: ['gemini-3.8-flash'], agents: ['summarizer'] });
    metrics.recordCall({ ...success, modelId: 'user-supplied-model', agent: 'episode-123' });
    metrics.recordCall({ ...success, agent: 'unknown' });
    metrics.recordRetry({ modelId: 'something-else' });
    const labels = (await metricValues(registry, 'llm_calls_total')).map((value) => value.labels);
    expect(labels).to.deep.include({ model: 'other', agent: 'other', outcome: 'success' });
    expect(labels).to.deep.include({ model: 'gemini-3.8-flash', agent: 'unknown', outcome: 'success' });
    expect((await metricValues(registry, 'llm_retries_total'))[0]?.labels).to.deep.equal({ model: 'other' });
  });

  it('records retries, fallbacks, breaker state and cache lookups', async () => {
    const registry = new Registry();
    const metrics = createLlmMetrics({ registry });
    metrics.recordRetry({ modelId: 'gemini-3.8-flash' });
    metrics.recordRetry({ modelId: 'gemini-3.8-flash' });
    metrics.recordFallback({ fromModelId: 'gemini-3.1-pro-preview', toModelId: 'gemini-3.8-flash' });
    metrics.setBreakerState('gemini-3.8-flash', 'open');
    metrics.setBreakerState('gemini-3.1-pro-preview', 'half-open');
    metrics.setBreakerState('gemini-3.1-flash-lite', 'closed');
    metrics.recordCacheLookup({ result: 'hit' });
    metrics.recordCacheLookup({ result: 'miss' });
    metrics.recordCacheLookup({ result: 'hit' });

    expect(await metricValues(registry, 'llm_retries_total')).to.deep.equal([{ labels: { model: 'gemini-3.8-flash' }, value: 2 }]);
    expect(await metricValues(registry, 'llm_fallbacks_total')).to.deep.equal([
      { labels: { from: 'gemini-3.1-pro-preview', to: 'gemini-3.8-flash' }, value: 1 },
    ]);
    const states = Object.fromEntries(
      (await metricValues(registry, 'llm_circuit_breaker_state')).map((value) => [value.labels.model, value.value]),
    );
    expect(states).to.deep.equal({ 'gemini-3.8-flash': 2, 'gemini-3.1-pro-preview': 1, 'gemini-3.1-flash-lite': 0 });
    const lookups = Object.fromEntries(
      (await metricValues(registry, 'llm_response_cache_total')).map((value) => [value.labels.result, value.value]),
    );
    expect(lookups).to.deep.equal({ hit: 2, miss: 1 });
  });

  it('registers on the injected registry only, so two instances coexist', async () => {
    const registry = new Registry();
    createLlmMetrics({ registry });
    const other = new Registry();
    createLlmMetrics({ registry: other });
    expect((await registry.getMetricsAsJSON()).map((metric) => metric.name)).to.include('llm_calls_total');
  });
});
