import { expect } from 'chai';
import type { Judge, JudgeVerdict } from '../../predictor/evaluation/create-judge.js';
import { evaluateSubject, judgeSummaryScores } from '../../predictor/evaluation/evaluate-subject.js';
import { LlmTimeoutError } from '../../predictor/errors.js';
import { sampleSubject } from './support/subjects.js';

function fixedJudge(answer: JudgeVerdict | Error): Judge {
  return {
    promptVersion: 'judge-v1',
    modelId: 'judge-model',
    estimateCostUsd: () => 0.001,
    judge: async () => {
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

const VERDICT: JudgeVerdict = {
  promptVersion: 'judge-v1',
  modelId: 'judge-model',
  modelVersion: 'judge-model-001',
  usage: { inputTokens: 10 },
  costUsd: 0.0005,
  unscoredCount: 0,
  scores: [
    { id: 's1', kind: 'statement', agent: 'summarizer', text: 'a', score: 1, rationale: '' },
    { id: 's2', kind: 'statement', agent: 'summarizer', text: 'b', score: 0.2, rationale: '' },
    { id: 's3', kind: 'statement', agent: 'insights', text: 'c', score: 0.8, rationale: '' },
    { id: 'c1', kind: 'verdict', agent: 'fact-checker', text: 'd', score: 0.6, rationale: '' },
    { id: 'relevance', kind: 'relevance', agent: 'pipeline', text: 'e', score: 0.9, rationale: '' },
  ],
};

describe('evaluateSubject', () => {
  it('summarises the judge per agent next to the check pass rates', async () => {
    const evaluation = await evaluateSubject({ subject: sampleSubject(), judge: fixedJudge(VERDICT) });
    const scores = Object.fromEntries(evaluation.scores.map((score) => [`${score.agent}.${score.name}`, score.value]));
    expect(scores).to.deep.include({
      'summarizer.groundedness': 0.6,
      'summarizer.hallucination_rate': 0.5,
      'insights.groundedness': 0.8,
      'insights.hallucination_rate': 0,
      'fact-checker.verdict_consistency': 0.6,
      'pipeline.relevance': 0.9,
      'insights.quote_accuracy': 1,
    });
    expect(evaluation.judge).to.equal(VERDICT);
  });

  it('keeps the check results and reports the error when the judge fails', async () => {
    const evaluation = await evaluateSubject({ subject: sampleSubject(), judge: fixedJudge(new LlmTimeoutError('judge call timed out')) });
    expect(evaluation.judgeError).to.deep.equal({ code: 'llm_timeout', message: 'judge call timed out' });
    expect(evaluation.checks.length).to.be.greaterThan(0);
    expect(evaluation.scores.every((score) => !['groundedness', 'relevance'].includes(score.name))).to.equal(true);
  });

  it('runs only the checks without a judge', async () => {
    const evaluation = await evaluateSubject({ subject: sampleSubject() });
    expect(evaluation.judge).to.equal(undefined);
    expect(evaluation.scores.map((score) => score.name)).to.include('number_support');
  });
});

describe('judgeSummaryScores', () => {
  it('returns nothing for no scores', () => {
    expect(judgeSummaryScores([])).to.deep.equal([]);
  });
});
