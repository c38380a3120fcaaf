import { expect } from 'chai';
import { createModelRouter } from '../../../predictor/llm/model-router.js';
import type { InsightsOutput } from '../../../predictor/pipeline/agent-output-schemas.js';
import { createAgents } from '../../../predictor/pipeline/agents/create-json-agent.js';
import { fakeResult } from '../../fakes/fake-language-model.js';
import { fixtureEpisode } from '../support/episodes.js';
import { SAMPLE_INSIGHTS } from '../support/sample-outputs.js';
import { createAgentScriptedModel, providerOf } from '../support/scripted-model.js';

async function runInsights(answer: unknown): Promise<InsightsOutput> {
  const model = createAgentScriptedModel({ scripts: { insights: [fakeResult(JSON.stringify(answer))] } });
  const agent = createAgents({
    router: createModelRouter({ tiers: { 'flash-lite': 'lite', flash: 'flash', pro: 'pro' }, agentTiers: {} }),
    models: providerOf(model),
    generation: { temperature: 0.2, maxOutputTokens: 1024 },
    now: () => 0,
  }).find((candidate) => candidate.name === 'insights')!;
  const result = await agent.run(
    { episode: fixtureEpisode('grid-under-pressure'), promptVersion: 'v2' },
    { signal: new AbortController().signal },
  );
  expect(model.calls[0]?.request.labels).to.deep.equal({ agent: 'insights', prompt_version: 'v2' });
  return result.output as InsightsOutput;
}

describe('the insights agent (createAgents)', () => {
  it('keeps at most five takeaways', async () => {
    const takeaways = ['one', 'two', 'three', 'four', 'five', 'six', 'seven'];
    const output = await runInsights({ ...SAMPLE_INSIGHTS, takeaways });
    expect(output.takeaways).to.deep.equal(takeaways.slice(0, 5));
  });

  it('takes speaker and timestamp of a quote from the transcript segment it comes from', async () => {
    const quote = { quote: 'Peaks drive cost.', speaker: 'Maya Okafor', timestamp: '00:00:01' };
    const output = await runInsights({ ...SAMPLE_INSIGHTS, notable_quotes: [quote] });
    expect(output.notable_quotes).to.deep.equal([{ quote: 'Peaks drive cost.', speaker: 'Dr. Tomas Lindqvist', timestamp: '00:03:30' }]);
  });

  it('keeps a lightly re-punctuated quote and drops one that is not in the transcript', async () => {
    const quotes = [
      { quote: 'four-hour batteries do not solve a dunkelflaute', speaker: 'Priya Raman', timestamp: '00:07:58' },
      { quote: 'Nuclear power is the only answer to everything.', speaker: 'Priya Raman', timestamp: '00:08:25' },
    ];
    const output = await runInsights({ ...SAMPLE_INSIGHTS, notable_quotes: quotes });
    expect(output.notable_quotes.map((quote) => quote.timestamp)).to.deep.equal(['00:07:58']);
  });
});
