import { expect } from 'chai';
import { Registry } from 'prom-client';
import { createEvaluationMetrics } from '../../predictor/observability/evaluation-metrics.js';

describe('createEvaluationMetrics', () => {
  it('observes scores by score, agent, model and prompt version, bounding unknown values to other', async () => {
    const registry = new Registry();
    const metrics = createEvaluationMetrics({ registry, models: ['gemini-lite'], promptVersions: ['v1', 'v2'] });
    metrics.observeScore({ score: 'groundedness', agent: 'summarizer', model: 'gemini-lite', promptVersion: 'v2' }, 0.85);
    metrics.observeScore({ score: 'groundedness', agent: 'summarizer', model: 'user-supplied-model', promptVersion: 'v9' }, 0.3);
    const text = await registry.metrics();
    expect(text).to.contain(
      'evaluation_score_bucket{le="0.9",score="groundedness",agent="summarizer",model="gemini-lite",prompt_version="v2"} 1',
    );
    expect(text).to.contain(
      'evaluation_score_bucket{le="0.8",score="groundedness",agent="summarizer",model="gemini-lite",prompt_version="v2"} 0',
    );
    expect(text).to.contain('evaluation_score_count{score="groundedness",agent="summarizer",model="other",prompt_version="other"} 1');
  });

  it('counts evaluation outcomes, judge spend and feedback ratings', async () => {
    const registry = new Registry();
    const metrics = createEvaluationMetrics({ registry, models: ['podcast-pipeline'], promptVersions: ['v1'] });
    metrics.countEvaluation('over_budget');
    metrics.setJudgeSpendUsd(0.42);
    metrics.countFeedback({ model: 'podcast-pipeline', promptVersion: 'unknown', rating: 5 });
    const text = await registry.metrics();
    expect(text).to.contain('online_evaluations_total{outcome="over_budget"} 1');
    expect(text).to.contain('online_evaluation_judge_spend_usd 0.42');
    expect(text).to.contain('feedback_total{model="podcast-pipeline",prompt_version="unknown",rating="5"} 1');
  });
});
