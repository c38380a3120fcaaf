import { expect } from 'chai';
import { loadConfig } from '../../../predictor/config/load-config.js';
import { ConfigError } from '../../../predictor/errors.js';

function configError(env: Record<string, string>, argv: string[] = []): string {
  try {
    loadConfig({ env, argv });
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as Error).message;
  }
  return expect.fail('expected a ConfigError');
}

describe('monitoringConfigSection', () => {
  it('applies the documented defaults: online evaluation and trace export off, feedback to /tmp', () => {
    const { monitoring } = loadConfig({ env: {} });
    expect(monitoring).to.deep.equal({
      onlineEvalSampleRate: 0,
      onlineEvalMaxUsdPerHour: 1,
      judgeModelTier: 'flash-lite',
      judgePromptVersion: 'judge-v1',
      promptVersionSplit: [],
      feedbackSink: 'file:///tmp/feedback.jsonl',
      feedbackMaxPending: 1024,
      feedbackWriteTimeoutMs: 5000,
      payloadLogSink: 'off',
      tracesExporter: 'none',
      otlpEndpoint: 'http://localhost:4318',
      serviceName: 'multi-agent-pipeline',
      evalThresholds: {
        minGroundedness: 0.5,
        maxHallucinationRate: 0.2,
        minQuoteAccuracy: 0.9,
        minTimestampAccuracy: 0.9,
        minSourceValidity: 1,
        minNumberSupport: 0.8,
        minExpectedFactRecall: 0.5,
        maxErrorRate: 0,
        maxCostUsdPerEpisode: 0,
      },
    });
  });

  it('reads env vars and eval threshold flags', () => {
    const { monitoring } = loadConfig({
      env: {
        ONLINE_EVAL_SAMPLE_RATE: '0.05',
        ONLINE_EVAL_MAX_USD_PER_HOUR: '2.5',
        JUDGE_MODEL_TIER: 'flash',
        PROMPT_VERSION_SPLIT: 'v1=90,v2=10',
        FEEDBACK_SINK: 'http://broker.knative-eventing/default',
        FEEDBACK_MAX_PENDING: '64',
        FEEDBACK_WRITE_TIMEOUT_MS: '2000',
        PAYLOAD_LOG_SINK: 'file:///tmp/payloads.jsonl',
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
        EVAL_MIN_QUOTE_ACCURACY: '0.95',
      },
      argv: ['--eval_min_groundedness', '0.7', '--eval_max_cost_usd_per_episode=0.02'],
    });
    expect(monitoring).to.deep.include({
      onlineEvalSampleRate: 0.05,
      onlineEvalMaxUsdPerHour: 2.5,
      judgeModelTier: 'flash',
      tracesExporter: 'otlp',
      feedbackMaxPending: 64,
      feedbackWriteTimeoutMs: 2000,
    });
    expect(monitoring.promptVersionSplit).to.deep.equal([
      { version: 'v1', weight: 90 },
      { version: 'v2', weight: 10 },
    ]);
    expect(monitoring.evalThresholds).to.deep.include({ minGroundedness: 0.7, minQuoteAccuracy: 0.95, maxCostUsdPerEpisode: 0.02 });
  });

  it('rejects a malformed split, sink or rate, naming the env var', () => {
    expect(configError({ PROMPT_VERSION_SPLIT: 'v1:90' })).to.contain('PROMPT_VERSION_SPLIT');
    expect(configError({ PROMPT_VERSION_SPLIT: 'v1=0,v2=0' })).to.contain('PROMPT_VERSION_SPLIT needs at least one positive weight');
    expect(configError({ PROMPT_VERSION_SPLIT: 'v1=1,v1=2' })).to.contain('names a prompt version twice');
    expect(configError({ FEEDBACK_SINK: '/tmp/feedback.jsonl' })).to.contain('FEEDBACK_SINK');
    expect(configError({ FEEDBACK_MAX_PENDING: '0' })).to.contain('FEEDBACK_MAX_PENDING');
    expect(configError({ FEEDBACK_WRITE_TIMEOUT_MS: '1.5' })).to.contain('FEEDBACK_WRITE_TIMEOUT_MS');
    expect(configError({ ONLINE_EVAL_SAMPLE_RATE: '1.5' })).to.contain('ONLINE_EVAL_SAMPLE_RATE');
  });
});
