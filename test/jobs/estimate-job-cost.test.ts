import { expect } from 'chai';
import { estimateJobCost } from '../../predictor/jobs/estimate-job-cost.js';
import type { EncodedJob } from '../../predictor/pipeline/batch-codec.js';

describe('estimateJobCost', () => {
  it('sums prompt and maximum output tokens of every request and prices each on its batch model', () => {
    const job: EncodedJob = {
      episodeCount: 1,
      promptVersion: 'v1',
      groups: [
        { modelId: 'lite', requests: [{ key: 'a', request: { systemInstruction: 'abcd', contents: ['efgh'], maxOutputTokens: 10 } }] },
        { modelId: 'flash', requests: [{ key: 'b', request: { contents: ['x'.repeat(40)], maxOutputTokens: 20, useGoogleSearch: true } }] },
      ],
    };
    const priced: [string, unknown][] = [];

    const estimate = estimateJobCost(job, (usage, modelId) => {
      priced.push([modelId, usage]);
      return modelId === 'lite' ? 1 : 2;
    });

    // 'abcd\nefgh' is 9 bytes → 3 tokens; 40 bytes → 10 tokens.
    expect(estimate).to.deep.equal({ tokens: 3 + 10 + 10 + 20, costUsd: 3 });
    expect(priced).to.deep.equal([
      ['lite', { inputTokens: 3, outputTokens: 10 }],
      ['flash', { inputTokens: 10, outputTokens: 20, searchQueries: 15 }],
    ]);
    expect(estimateJobCost(job).costUsd).to.equal(0);
  });
});
