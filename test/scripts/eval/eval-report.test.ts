import { expect } from 'chai';
import { gateFailures, percentile, summariseVariant } from '../../../scripts/eval/eval-report.js';
import { episodeResult, THRESHOLDS, variantResult } from '../../evaluation/support/reports.js';

describe('summariseVariant', () => {
  it('pools item-level judge scores, check counts and facts over the episodes', () => {
    const summary = summariseVariant([
      episodeResult({ latencyMs: 100, costUsd: 0.01 }),
      episodeResult({
        latencyMs: 300,
        costUsd: 0.03,
        status: 'partial',
        judgeScores: [
          { id: 's1', kind: 'statement', agent: 'insights', text: 'y', score: 0.2, rationale: 'made up' },
          { id: 'c1', kind: 'verdict', agent: 'fact-checker', text: 'z', score: 0.6, rationale: '' },
        ],
        checks: [
          { name: 'quote_accuracy', agent: 'insights', total: 2, passed: 1, failures: [{ item: 'notable_quotes[1]', reason: 'x' }] },
        ],
        expectedFacts: [{ fact: 'B', isMentioned: false }],
      }),
    ]);
    expect(summary).to.include({
      episodeCount: 2,
      errorRate: 0.5,
      groundedness: 0.5,
      hallucinationRate: 0.5,
      verdictConsistency: 0.6,
      quoteAccuracy: 0.75,
      expectedFactRecall: 0.5,
      costUsdTotal: 0.04,
      costUsdPerEpisode: 0.02,
      latencyMsP50: 100,
      latencyMsP95: 300,
    });
    expect(summary.sourceValidity).to.equal(null);
    expect(summary.relevance).to.equal(null);
  });
});

describe('gateFailures', () => {
  it('passes a variant that meets every threshold and skips what was not measured', () => {
    expect(gateFailures([variantResult('v1', [episodeResult()])], THRESHOLDS)).to.deep.equal([]);
  });

  it('names each missed threshold per variant', () => {
    const bad = episodeResult({
      status: 'error',
      judgeScores: [{ id: 's1', kind: 'statement', agent: 'summarizer', text: 'x', score: 0.1, rationale: '' }],
      checks: [{ name: 'source_validity', agent: 'fact-checker', total: 4, passed: 3, failures: [] }],
      costUsd: 0.5,
    });
    const failures = gateFailures([variantResult('v1', [episodeResult()]), variantResult('v2', [bad])], {
      ...THRESHOLDS,
      maxCostUsdPerEpisode: 0.1,
    });
    expect(failures).to.deep.equal([
      'v2: groundedness 0.1 < 0.5',
      'v2: hallucination rate 1 > 0.2',
      'v2: source validity 0.75 < 1',
      'v2: error rate 1 > 0',
      'v2: cost per episode (USD) 0.5 > 0.1',
    ]);
  });

  it('does not fail a mean of 0.19999999999999998 against a 0.2 floor', () => {
    const judgeScores = [0.1, 0.4, 0.1].map((score, index) => ({
      id: `s${index}`,
      kind: 'statement' as const,
      agent: 'summarizer' as const,
      text: '',
      score,
      rationale: '',
    }));
    const failures = gateFailures([variantResult('v1', [episodeResult({ judgeScores })])], {
      ...THRESHOLDS,
      minGroundedness: 0.2,
      maxHallucinationRate: 1,
    });
    expect(failures).to.deep.equal([]);
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    expect(percentile([5, 1, 3, 2, 4], 0.5)).to.equal(3);
    expect(percentile([5, 1, 3, 2, 4], 0.95)).to.equal(5);
    expect(percentile([], 0.5)).to.equal(0);
  });
});
