import { expect } from 'chai';
import { Registry } from 'prom-client';
import { createLlmMetrics } from '../../predictor/observability/llm-metrics.js';
import { createPipelineTelemetry } from '../../predictor/observability/pipeline-telemetry.js';
import { CollectingLogger } from '../fakes/collecting-logger.js';

describe('createPipelineTelemetry', () => {
  it('counts agent runs by agent, prompt version and outcome and logs each end', async () => {
    const registry = new Registry();
    const logger = new CollectingLogger();
    const record = createPipelineTelemetry({ logger, registry, providerName: 'gcp.gemini' });

    record({
      type: 'agent-end',
      agent: 'summarizer',
      promptVersion: 'v1',
      episodeIndex: 0,
      outcome: 'ok',
      durationMs: 1200,
      usage: { inputTokens: 10 },
    });
    record({
      type: 'agent-end',
      agent: 'fact-checker',
      promptVersion: 'v1',
      episodeIndex: 0,
      outcome: 'error',
      durationMs: 50,
      errorCode: 'llm_unavailable',
    });

    const runs = await registry.getSingleMetric('pipeline_agent_runs_total')?.get();
    const byAgent = Object.fromEntries((runs?.values ?? []).map((value) => [`${value.labels.agent}/${value.labels.outcome}`, value.value]));
    expect(byAgent).to.deep.equal({ 'summarizer/ok': 1, 'fact-checker/error': 1 });
    expect(logger.lines.filter((line) => line.message === 'agent finished')).to.have.length(2);
  });

  it('logs an agent error as a warning with its code and the error for the log only', () => {
    const logger = new CollectingLogger();
    const record = createPipelineTelemetry({ logger, registry: new Registry(), providerName: 'gcp.gemini' });
    const error = new Error('upstream said no');

    record({
      type: 'agent-error',
      agent: 'insights',
      promptVersion: 'v1',
      episodeIndex: 2,
      code: 'llm_unavailable',
      message: 'Gemini is overloaded',
      retryable: true,
      isCancelled: false,
      error,
    });

    const [line] = logger.lines;
    expect(line?.level).to.equal('warn');
    expect(line?.fields).to.include({ agent: 'insights', code: 'llm_unavailable', episode_index: 2 });
  });

  it('counts episodes by outcome', async () => {
    const registry = new Registry();
    const record = createPipelineTelemetry({ logger: new CollectingLogger(), registry, providerName: 'gcp.gemini' });

    record({ type: 'episode-end', episodeIndex: 0, outcome: 'partial', durationMs: 900, usage: {} });

    const episodes = await registry.getSingleMetric('pipeline_episodes_total')?.get();
    expect(episodes?.values.map((value) => [value.labels.outcome, value.value])).to.deep.equal([['partial', 1]]);
  });

  it('records each agent run as an invoke_agent operation and each request as invoke_workflow, beside the LLM calls', async () => {
    const registry = new Registry();
    createLlmMetrics({ registry, providerName: 'gcp.vertex_ai' }).recordCall({
      modelId: 'gemini-3.8-flash',
      agent: 'summarizer',
      usage: {},
      durationMs: 500,
      outcome: 'success',
      isCacheHit: false,
    });
    const record = createPipelineTelemetry({ logger: new CollectingLogger(), registry, providerName: 'gcp.vertex_ai' });

    record({
      type: 'agent-end',
      agent: 'summarizer',
      promptVersion: 'v1',
      episodeIndex: 0,
      outcome: 'ok',
      durationMs: 1500,
      modelId: 'gemini-3.8-flash',
    });
    record({
      type: 'agent-end',
      agent: 'insights',
      promptVersion: 'v1',
      episodeIndex: 0,
      outcome: 'error',
      durationMs: 20,
      errorCode: 'llm_timeout',
    });
    record({ type: 'request-end', outcome: 'partial', durationMs: 4000 });
    record({ type: 'request-end', outcome: 'error', durationMs: 10, errorCode: 'deadline_exceeded' });

    const values = ((await registry.getSingleMetric('gen_ai_client_operation_duration_seconds')?.get())?.values ?? []) as {
      labels: object;
      metricName?: string;
    }[];
    const counts = values.filter((value) => value.metricName === 'gen_ai_client_operation_duration_seconds_count');
    const labels = counts.map((value) => value.labels);
    expect(labels).to.deep.include({
      gen_ai_operation_name: 'generate_content',
      gen_ai_provider_name: 'gcp.vertex_ai',
      gen_ai_request_model: 'gemini-3.8-flash',
      gen_ai_agent_name: 'summarizer',
    });
    expect(labels).to.deep.include({
      gen_ai_operation_name: 'invoke_agent',
      gen_ai_provider_name: 'gcp.vertex_ai',
      gen_ai_request_model: 'gemini-3.8-flash',
      gen_ai_agent_name: 'summarizer',
    });
    expect(labels).to.deep.include({
      gen_ai_operation_name: 'invoke_agent',
      gen_ai_provider_name: 'gcp.vertex_ai',
      gen_ai_agent_name: 'insights',
      error_type: 'llm_timeout',
    });
    expect(labels).to.deep.include({ gen_ai_operation_name: 'invoke_workflow', gen_ai_provider_name: 'gcp.vertex_ai' });
    expect(labels).to.deep.include({
      gen_ai_operation_name: 'invoke_workflow',
      gen_ai_provider_name: 'gcp.vertex_ai',
      error_type: 'deadline_exceeded',
    });
  });
});
