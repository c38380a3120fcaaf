import { expect } from 'chai';
import { Registry } from 'prom-client';
import { createPipelineTelemetry } from '../../predictor/observability/pipeline-telemetry.js';
import { CollectingLogger } from '../fakes/collecting-logger.js';

describe('createPipelineTelemetry', () => {
  it('counts agent runs by agent, prompt version and outcome and logs each end', async () => {
    const registry = new Registry();
    const logger = new CollectingLogger();
    const record = createPipelineTelemetry({ logger, registry });

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
    const record = createPipelineTelemetry({ logger, registry: new Registry() });
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
    const record = createPipelineTelemetry({ logger: new CollectingLogger(), registry });

    record({ type: 'episode-end', episodeIndex: 0, outcome: 'partial', durationMs: 900, usage: {} });

    const episodes = await registry.getSingleMetric('pipeline_episodes_total')?.get();
    expect(episodes?.values.map((value) => [value.labels.outcome, value.value])).to.deep.equal([['partial', 1]]);
  });
});
