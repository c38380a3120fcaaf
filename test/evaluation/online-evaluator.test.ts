import { expect } from 'chai';
import { Registry } from 'prom-client';
import { createCallRecorder } from '../../predictor/evaluation/call-recorder.js';
import type { Judge, JudgeVerdict } from '../../predictor/evaluation/create-judge.js';
import { createOnlineEvaluator, type OnlineEvaluatorOptions } from '../../predictor/evaluation/online-evaluator.js';
import { LlmUnavailableError } from '../../predictor/errors.js';
import {
  createEvaluationMetrics,
  type EvaluationMetrics,
  type OnlineEvaluationOutcome,
} from '../../predictor/observability/evaluation-metrics.js';
import { CollectingLogger } from '../fakes/collecting-logger.js';
import { samplePrediction } from './support/predictions.js';

function countingJudge({ costUsd = 0.001, failWith }: { costUsd?: number; failWith?: Error } = {}): Judge & { calls: number } {
  const judge = {
    calls: 0,
    promptVersion: 'judge-v1',
    modelId: 'judge-model',
    estimateCostUsd: () => costUsd,
    async judge(): Promise<JudgeVerdict> {
      judge.calls++;
      if (failWith) throw failWith;
      const scores = [
        { id: 's1', kind: 'statement' as const, agent: 'summarizer' as const, text: 'x', score: 0.25, rationale: 'overstated' },
      ];
      return {
        promptVersion: 'judge-v1',
        modelId: 'judge-model',
        modelVersion: 'judge-model-001',
        usage: {},
        costUsd,
        scores,
        unscoredCount: 0,
      };
    },
  };
  return judge;
}

function recordingMetrics(): EvaluationMetrics & { outcomes: OnlineEvaluationOutcome[]; scores: string[] } {
  const outcomes: OnlineEvaluationOutcome[] = [];
  const scores: string[] = [];
  return {
    outcomes,
    scores,
    observeScore: (labels, value) => scores.push(`${labels.agent}.${labels.score}{${labels.model},${labels.promptVersion}}=${value}`),
    countEvaluation: (outcome) => outcomes.push(outcome),
    setJudgeSpendUsd() {},
    countFeedback() {},
    countPayloadLogLost() {},
  };
}

function evaluatorWith(overrides: Partial<OnlineEvaluatorOptions> = {}) {
  let nowMs = 0;
  const metrics = recordingMetrics();
  const logger = new CollectingLogger();
  const evaluator = createOnlineEvaluator({
    recorder: createCallRecorder(),
    sampleRate: 1,
    maxUsdPerHour: 1,
    metrics,
    logger,
    maxEpisodesPerRequest: 4,
    now: () => nowMs,
    random: () => 0.5,
    ...overrides,
  });
  return { evaluator, metrics, logger, advanceMs: (ms: number) => (nowMs += ms) };
}

describe('createOnlineEvaluator', () => {
  it('samples by the configured rate using the injected random source', () => {
    let draws = 0;
    const random = () => (draws++, 0.3);
    expect(evaluatorWith({ sampleRate: 0.25, random }).evaluator.isSampled()).to.equal(false);
    expect(evaluatorWith({ sampleRate: 0.5, random }).evaluator.isSampled()).to.equal(true);
    expect(evaluatorWith({ sampleRate: 0, random }).evaluator.isSampled()).to.equal(false);
    expect(draws).to.equal(2);
  });

  it('returns from submit before evaluating, then judges in the background', async () => {
    const judge = countingJudge();
    const { evaluator, metrics } = evaluatorWith({ judge });
    evaluator.submit(samplePrediction());
    expect(judge.calls).to.equal(0);
    await evaluator.idle();
    expect(judge.calls).to.equal(1);
    expect(metrics.outcomes).to.deep.equal(['judged']);
    expect(metrics.scores).to.include('summarizer.groundedness{gemini-lite,v1}=0.25');
    expect(metrics.scores).to.include('fact-checker.source_validity{gemini-flash,v1}=1');
  });

  it('runs only the free checks once the hourly spend cap would be passed, and judges again an hour later', async () => {
    const judge = countingJudge({ costUsd: 0.001 });
    const { evaluator, metrics, advanceMs } = evaluatorWith({ judge, maxUsdPerHour: 0.0025 });
    for (const id of ['a', 'b', 'c']) evaluator.submit(samplePrediction(id));
    await evaluator.idle();
    expect(judge.calls).to.equal(2);
    expect(metrics.outcomes).to.deep.equal(['judged', 'judged', 'over_budget']);
    expect(metrics.scores.filter((score) => score.startsWith('insights.quote_accuracy'))).to.have.length(3);

    advanceMs(3_600_001);
    evaluator.submit(samplePrediction('d'));
    await evaluator.idle();
    expect(judge.calls).to.equal(3);
  });

  it('drops predictions when the backlog is full', async () => {
    const { evaluator, metrics } = evaluatorWith({ judge: countingJudge(), maxBacklog: 1 });
    for (const id of ['a', 'b', 'c']) evaluator.submit(samplePrediction(id));
    await evaluator.idle();
    expect(metrics.outcomes).to.deep.equal(['dropped', 'dropped', 'judged']);
  });

  it('counts a failed judge call and still records the checks', async () => {
    const { evaluator, metrics } = evaluatorWith({ judge: countingJudge({ failWith: new LlmUnavailableError('down', 503) }) });
    evaluator.submit(samplePrediction());
    await evaluator.idle();
    expect(metrics.outcomes).to.deep.equal(['judge_failed']);
    expect(metrics.scores.some((score) => score.startsWith('insights.quote_accuracy'))).to.equal(true);
  });

  it('counts a prediction it cannot read as failed', async () => {
    const { evaluator, metrics, logger } = evaluatorWith();
    evaluator.submit({ ...samplePrediction(), request: { inputs: [] } });
    await evaluator.idle();
    expect(metrics.outcomes).to.deep.equal(['failed']);
    expect(logger.lines.some((line) => line.message === 'online evaluation failed')).to.equal(true);
  });

  it('logs one line per episode with ids and numbers but no transcript or output text', async () => {
    const { evaluator, logger } = evaluatorWith({ judge: countingJudge() });
    evaluator.submit(samplePrediction('req-42', 'v2'));
    await evaluator.idle();
    const line = logger.lines.find((candidate) => candidate.message === 'online evaluation');
    expect(line?.fields).to.include({ request_id: 'req-42', prompt_version: 'v2', outcome: 'judged', judge_prompt_version: 'judge-v1' });
    expect(JSON.stringify(line?.fields)).not.to.match(/Nile|Amazon|river/i);
  });

  it('exports the scores as evaluation_score histograms by score, agent, model and prompt version', async () => {
    const registry = new Registry();
    const metrics = createEvaluationMetrics({
      registry,
      models: ['gemini-lite', 'gemini-flash', 'podcast-pipeline'],
      promptVersions: ['v1', 'v2'],
    });
    const { evaluator } = evaluatorWith({ judge: countingJudge(), metrics });
    evaluator.submit(samplePrediction('r', 'v2'));
    await evaluator.idle();
    const text = await registry.metrics();
    expect(text).to.contain('evaluation_score_count{score="groundedness",agent="summarizer",model="gemini-lite",prompt_version="v2"} 1');
    expect(text).to.contain('online_evaluations_total{outcome="judged"} 1');
    expect(text).to.contain('online_evaluation_judge_spend_usd 0.001');
  });
});
