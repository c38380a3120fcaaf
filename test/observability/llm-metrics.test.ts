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
  it('records a call as an OTel generate_content operation: duration and input/output token usage with provider, models and agent', async () => {
    const registry = new Registry();
    const metrics = createLlmMetrics({ registry, providerName: 'gcp.gemini', modelIds: ['gemini-3.8-flash'], agents: ['summarizer'] });
    metrics.recordCall(success);

    const tokenSums = (await metricValues(registry, 'gen_ai_client_token_usage')).filter(
      (value) => value.metricName === 'gen_ai_client_token_usage_sum',
    );
    const byType = Object.fromEntries(tokenSums.map((value) => [value.labels.gen_ai_token_type, value.value]));
    expect(byType).to.deep.equal({ input: 5120 + 2210, output: 180 + 640 });
    expect(tokenSums[0]?.labels).to.deep.equal({
      gen_ai_operation_name: 'generate_content',
      gen_ai_provider_name: 'gcp.gemini',
      gen_ai_request_model: 'gemini-3.8-flash',
      gen_ai_response_model: 'gemini-3.8-flash-001',
      gen_ai_agent_name: 'summarizer',
      gen_ai_token_type: 'input',
    });

    const durationSum = (await metricValues(registry, 'gen_ai_client_operation_duration_seconds')).find(
      (value) => value.metricName === 'gen_ai_client_operation_duration_seconds_sum',
    );
    expect(durationSum?.value).to.equal(1.25);
    expect(durationSum?.labels).to.include({ gen_ai_operation_name: 'generate_content', gen_ai_request_model: 'gemini-3.8-flash' });
    expect(durationSum?.labels).not.to.have.property('error_type');

    expect(await metricValues(registry, 'llm_calls_total')).to.deep.equal([
      { labels: { gen_ai_request_model: 'gemini-3.8-flash', gen_ai_agent_name: 'summarizer', outcome: 'success' }, value: 1 },
    ]);
    expect((await metricValues(registry, 'llm_cost_usd_total'))[0]?.value).to.equal(0.01);
    expect((await metricValues(registry, 'llm_cached_input_tokens_total'))[0]?.value).to.equal(4096);
    expect((await metricValues(registry, 'llm_reasoning_tokens_total'))[0]?.value).to.equal(640);
  });

  it('never writes gen_ai_system, and only input and output token types', async () => {
    const registry = new Registry();
    createLlmMetrics({ registry, providerName: 'gcp.vertex_ai' }).recordCall(success);

    const text = await registry.metrics();

    expect(text).not.to.contain('gen_ai_system');
    expect([...text.matchAll(/gen_ai_token_type="([^"]+)"/g)].map((match) => match[1])).to.satisfy((types: string[]) =>
      types.every((type) => type === 'input' || type === 'output'),
    );
    expect(text).to.contain('gen_ai_provider_name="gcp.vertex_ai"');
  });

  it('records a failed call with error_type in the duration histogram, without token observations or cost', async () => {
    const registry = new Registry();
    const metrics = createLlmMetrics({ registry, providerName: 'gcp.gemini' });
    const { modelVersion: _served, ...unanswered } = success;
    metrics.recordCall({ ...unanswered, usage: {}, costUsd: undefined, outcome: 'llm_unavailable' });
    expect((await metricValues(registry, 'llm_calls_total'))[0]?.labels.outcome).to.equal('llm_unavailable');
    const durationCount = (await metricValues(registry, 'gen_ai_client_operation_duration_seconds')).find(
      (value) => value.metricName === 'gen_ai_client_operation_duration_seconds_count',
    );
    expect(durationCount?.labels).to.include({ error_type: 'llm_unavailable' });
    expect(await metricValues(registry, 'gen_ai_client_token_usage')).to.deep.equal([]);
    expect(await metricValues(registry, 'llm_cost_usd_total')).to.deep.equal([]);
  });

  it('does not observe an operation or tokens for a cache hit, but counts the call', async () => {
    const registry = new Registry();
    createLlmMetrics({ registry, providerName: 'gcp.gemini' }).recordCall({
      ...success,
      isCacheHit: true,
      costUsd: 0,
      usage: { inputTokens: 0, outputTokens: 0 },
    });
    expect(await metricValues(registry, 'gen_ai_client_token_usage')).to.deep.equal([]);
    expect(await metricValues(registry, 'gen_ai_client_operation_duration_seconds')).to.deep.equal([]);
    expect((await metricValues(registry, 'llm_calls_total'))[0]?.value).to.equal(1);
  });

  it('maps model ids, served versions and agents outside the allow-lists to other', async () => {
    const registry = new Registry();
    const metrics = createLlmMetrics({ registry, providerName: 'gcp.gemini', modelIds: ['gemini-3.8-flash'], agents: ['summarizer'] });
    metrics.recordCall({ ...success, modelId: 'user-supplied-model', agent: 'episode-123', modelVersion: 'not a version' });
    metrics.recordCall({ ...success, agent: 'unknown', modelVersion: 'claude-x' });
    metrics.recordRetry({ modelId: 'something-else' });
    const labels = (await metricValues(registry, 'llm_calls_total')).map((value) => value.labels);
    expect(labels).to.deep.include({ gen_ai_request_model: 'other', gen_ai_agent_name: 'other', outcome: 'success' });
    expect(labels).to.deep.include({ gen_ai_request_model: 'gemini-3.8-flash', gen_ai_agent_name: 'unknown', outcome: 'success' });
    const responseModels = (await metricValues(registry, 'gen_ai_client_operation_duration_seconds')).map(
      (value) => value.labels.gen_ai_response_model,
    );
    expect(new Set(responseModels)).to.deep.equal(new Set(['other']));
    expect((await metricValues(registry, 'llm_retries_total'))[0]?.labels).to.deep.equal({ gen_ai_request_model: 'other' });
  });

  it('records retries, fallbacks, breaker state and cache lookups under the same model label', async () => {
    const registry = new Registry();
    const metrics = createLlmMetrics({ registry, providerName: 'gcp.gemini' });
    metrics.recordRetry({ modelId: 'gemini-3.8-flash' });
    metrics.recordRetry({ modelId: 'gemini-3.8-flash' });
    metrics.recordFallback({ fromModelId: 'gemini-3.1-pro-preview', toModelId: 'gemini-3.8-flash' });
    metrics.setBreakerState('gemini-3.8-flash', 'open');
    metrics.setBreakerState('gemini-3.1-pro-preview', 'half-open');
    metrics.setBreakerState('gemini-3.1-flash-lite', 'closed');
    metrics.recordCacheLookup({ modelId: 'gemini-3.8-flash', result: 'hit' });
    metrics.recordCacheLookup({ modelId: 'gemini-3.8-flash', result: 'miss' });
    metrics.recordCacheLookup({ modelId: 'gemini-3.8-flash', result: 'hit' });

    expect(await metricValues(registry, 'llm_retries_total')).to.deep.equal([
      { labels: { gen_ai_request_model: 'gemini-3.8-flash' }, value: 2 },
    ]);
    expect(await metricValues(registry, 'llm_fallbacks_total')).to.deep.equal([
      { labels: { gen_ai_request_model: 'gemini-3.1-pro-preview', fallback_model: 'gemini-3.8-flash' }, value: 1 },
    ]);
    const states = Object.fromEntries(
      (await metricValues(registry, 'llm_circuit_breaker_state')).map((value) => [value.labels.gen_ai_request_model, value.value]),
    );
    expect(states).to.deep.equal({ 'gemini-3.8-flash': 2, 'gemini-3.1-pro-preview': 1, 'gemini-3.1-flash-lite': 0 });
    const lookups = Object.fromEntries(
      (await metricValues(registry, 'llm_response_cache_total')).map((value) => [
        `${value.labels.gen_ai_request_model} ${value.labels.result}`,
        value.value,
      ]),
    );
    expect(lookups).to.deep.equal({ 'gemini-3.8-flash hit': 2, 'gemini-3.8-flash miss': 1 });
  });

  it('registers on the injected registry only, so two instances coexist', async () => {
    const registry = new Registry();
    createLlmMetrics({ registry, providerName: 'gcp.gemini' });
    const other = new Registry();
    createLlmMetrics({ registry: other, providerName: 'gcp.gemini' });
    expect((await registry.getMetricsAsJSON()).map((metric) => metric.name)).to.include('llm_calls_total');
  });
});
