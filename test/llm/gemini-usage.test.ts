import { expect } from 'chai';
import { toUsage } from '../../predictor/llm/gemini-usage.js';
import { toGrounding } from '../../predictor/llm/gemini-grounding.js';

describe('toUsage', () => {
  it('keeps absent counts undefined', () => {
    expect(toUsage({ promptTokenCount: 10, totalTokenCount: 10 })).to.deep.equal({ inputTokens: 10 });
    expect(toUsage(undefined)).to.deep.equal({});
  });

  it('keeps reported zeros', () => {
    expect(toUsage({ promptTokenCount: 0, candidatesTokenCount: 0, thoughtsTokenCount: 0 })).to.deep.equal({
      inputTokens: 0,
      outputTokens: 0,
      thoughtsTokens: 0,
    });
  });

  it('counts searches only when the answer was grounded', () => {
    expect(toUsage({}, {})).to.deep.equal({});
    expect(toUsage({}, { webSearchQueries: ['', ' a ', 'a', 'b'] })).to.deep.equal({ searchQueries: 2, groundedPrompts: 1 });
  });
});

describe('toGrounding', () => {
  it('returns undefined for empty metadata and keeps chunk order for source indices', () => {
    expect(toGrounding({})).to.equal(undefined);
    const grounding = toGrounding({
      groundingChunks: [{ retrievedContext: { uri: 'gs://a' } }, { web: { uri: 'https://b', title: 'b' } }],
      groundingSupports: [{ segment: { text: 't' }, groundingChunkIndices: [1, 7] }],
    });
    expect(grounding).to.deep.equal({
      webSearchQueries: [],
      sources: [{ uri: 'gs://a' }, { uri: 'https://b', title: 'b' }],
      supports: [{ text: 't', sourceIndices: [1] }],
    });
  });
});
