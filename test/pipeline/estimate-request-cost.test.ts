import { expect } from 'chai';
import { createModelRouter } from '../../predictor/llm/model-router.js';
import type { Agent } from '../../predictor/pipeline/agent.js';
import { estimateRequestCost, MAX_SEARCH_QUERIES, PROMPT_OVERHEAD_TOKENS } from '../../predictor/pipeline/estimate-request-cost.js';

const router = createModelRouter({ tiers: { 'flash-lite': 'lite', flash: 'flash', pro: 'pro' }, agentTiers: {} });
const agent = (name: Agent['name'], usesGoogleSearch = false): Agent => ({ name, usesGoogleSearch, run: async () => expect.fail('not run') });
const AGENTS = [agent('summarizer'), agent('insights'), agent('fact-checker', true)];
const element = 'x'.repeat(400_000); // 100,000 tokens by ceil(bytes / 4)

describe('estimateRequestCost', () => {
  it('prices a transcript over the chunk budget as overlapping chunks plus the summary reduce', () => {
    const costs: { inputTokens: number; searchQueries: number }[] = [];
    const estimate = estimateRequestCost({
      elements: [element],
      agents: AGENTS,
      router,
      maxOutputTokens: 1_000,
      maxInputTokens: 40_000,
      costOf: (usage) => {
        costs.push({ inputTokens: usage.inputTokens ?? 0, searchQueries: usage.searchQueries ?? 0 });
        return 1;
      },
    });
    // 110,000 tokens with overlap over 38,500 per chunk: 3 chunks of 36,667 transcript tokens.
    const chunkCall = 36_667 + PROMPT_OVERHEAD_TOKENS + 1_000;
    const reduceCall = 3 * 1_000 + PROMPT_OVERHEAD_TOKENS + 1_000;
    expect(estimate.maxTokens).to.equal(3 * 3 * chunkCall + reduceCall);
    expect(estimate.maxCostUsd).to.equal(3 * 3 + 1);
    expect(costs.at(-1)).to.deep.equal({ inputTokens: 36_667 + PROMPT_OVERHEAD_TOKENS, searchQueries: MAX_SEARCH_QUERIES });
  });

  it('adds the second full-transcript fact-checker call in naive mode', () => {
    const options = { elements: [element], agents: AGENTS, router, maxOutputTokens: 1_000, maxInputTokens: 200_000 };
    const parallel = estimateRequestCost(options);
    const naive = estimateRequestCost({ ...options, mode: 'naive' });
    const call = 100_000 + PROMPT_OVERHEAD_TOKENS + 1_000;
    expect(parallel.maxTokens).to.equal(3 * call);
    expect(naive.maxTokens).to.equal(4 * call + 2_000 + 1_000);
  });
});
