import { expect } from 'chai';
import { createModelRouter, estimateJoinedTokens, estimateTokens } from '../../predictor/llm/model-router.js';

const TIERS = { 'flash-lite': 'model-lite', flash: 'model-flash', pro: 'model-pro' } as const;

describe('createModelRouter', () => {
  it('routes each agent to its configured tier', () => {
    const router = createModelRouter({ tiers: TIERS, agentTiers: { summarizer: 'flash-lite', 'fact-checker': 'flash' } });
    expect(router.route('summarizer', { estimatedInputTokens: 1000 })).to.deep.equal({ tier: 'flash-lite', modelId: 'model-lite' });
    expect(router.route('fact-checker', { estimatedInputTokens: 1000 })).to.deep.equal({ tier: 'flash', modelId: 'model-flash' });
  });

  it('uses the cheapest tier for an agent without a configured tier', () => {
    const router = createModelRouter({ tiers: TIERS, agentTiers: {} });
    expect(router.route('insights', { estimatedInputTokens: 10 })).to.deep.equal({ tier: 'flash-lite', modelId: 'model-lite' });
  });

  it('escalates large inputs by the highest threshold they pass, never lowering a tier', () => {
    const router = createModelRouter({
      tiers: TIERS,
      agentTiers: { summarizer: 'flash-lite', judge: 'pro' },
      escalation: [
        { inputTokensAbove: 100_000, toTier: 'flash' },
        { inputTokensAbove: 500_000, toTier: 'pro' },
      ],
    });
    expect(router.route('summarizer', { estimatedInputTokens: 100_000 }).tier).to.equal('flash-lite');
    expect(router.route('summarizer', { estimatedInputTokens: 100_001 }).tier).to.equal('flash');
    expect(router.route('summarizer', { estimatedInputTokens: 600_000 })).to.deep.equal({ tier: 'pro', modelId: 'model-pro' });
    expect(router.route('judge', { estimatedInputTokens: 200_000 }).tier).to.equal('pro');
  });

  it('rejects a negative escalation threshold', () => {
    expect(() => createModelRouter({ tiers: TIERS, agentTiers: {}, escalation: [{ inputTokensAbove: -1, toTier: 'pro' }] })).to.throw(
      RangeError,
    );
  });
});

describe('estimateTokens', () => {
  it('counts a quarter token per UTF-8 byte, rounded up', () => {
    expect(estimateTokens('')).to.equal(0);
    expect(estimateTokens('abcd')).to.equal(1);
    expect(estimateTokens('abcde')).to.equal(2);
    expect(estimateTokens('ééé')).to.equal(2);
  });
});

describe('estimateJoinedTokens', () => {
  it('counts texts as if joined by newlines, multi-byte characters included', () => {
    const parts = ['system', 'Title: café 😀\n[00:00:01] Ana: ‹‹‹ quoted ›››', '', 'task'];

    expect(estimateJoinedTokens(parts)).to.equal(estimateTokens(parts.join('\n')));
    expect(estimateJoinedTokens([])).to.equal(0);
    expect(estimateJoinedTokens(['abc', 'd'])).to.equal(2);
  });
});
