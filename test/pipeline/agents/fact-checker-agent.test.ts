import { expect } from 'chai';
import { createModelRouter } from '../../../predictor/llm/model-router.js';
import type { FactCheckOutput } from '../../../predictor/pipeline/agent-output-schemas.js';
import { createAgents } from '../../../predictor/pipeline/agents/create-json-agent.js';
import { fakeResult } from '../../fakes/fake-language-model.js';
import { fixtureEpisode } from '../support/episodes.js';
import { SAMPLE_CLAIMS, SAMPLE_GROUNDING } from '../support/sample-outputs.js';
import { createAgentScriptedModel, providerOf } from '../support/scripted-model.js';

async function runFactChecker(options: Parameters<typeof createAgentScriptedModel>[0] = {}) {
  const model = createAgentScriptedModel(options);
  const agent = createAgents({
    router: createModelRouter({ tiers: { 'flash-lite': 'lite', flash: 'flash', pro: 'pro' }, agentTiers: { 'fact-checker': 'flash' } }),
    models: providerOf(model),
    generation: { temperature: 0, maxOutputTokens: 4096 },
    now: () => 0,
  }).find((candidate) => candidate.name === 'fact-checker')!;
  const result = await agent.run(
    { episode: fixtureEpisode('grid-under-pressure'), promptVersion: 'v1' },
    { signal: new AbortController().signal },
  );
  return { result, output: result.output as FactCheckOutput, request: model.calls[0]?.request };
}

describe('the fact-checker agent (createAgents)', () => {
  it('asks for Search grounding together with the response schema on models that support both', async () => {
    const { request, result } = await runFactChecker();
    expect(request?.useGoogleSearch).to.equal(true);
    expect(request?.responseJsonSchema).to.not.equal(undefined);
    expect(result.groundingQueryCount).to.equal(2);
  });

  it('asks for JSON in the text, without a response schema, on models without grounded JSON', async () => {
    const fenced = `\`\`\`json\n${JSON.stringify(SAMPLE_CLAIMS)}\n\`\`\``;
    const { request, output } = await runFactChecker({
      supportsGroundedJson: false,
      scripts: { 'fact-checker': [fakeResult(fenced, { grounding: SAMPLE_GROUNDING })] },
    });
    expect(request?.useGoogleSearch).to.equal(true);
    expect(request?.responseJsonSchema).to.equal(undefined);
    expect(request?.contents.at(-1)).to.include('matching this JSON schema');
    expect(output.claims).to.have.length(3);
  });

  it('attaches sources only from grounding supports that overlap a claim', async () => {
    const { output } = await runFactChecker();
    expect(output.claims[0]?.sources).to.deep.equal([{ uri: 'https://www.iea.org/reports/electricity-2024', title: 'iea.org' }]);
    // Index 7 does not exist and is ignored; the unrelated source backs no support.
    expect(output.claims[1]?.sources).to.deep.equal([
      { uri: 'https://about.bnef.com/blog/lithium-ion-battery-pack-prices', title: 'bnef.com' },
    ]);
    expect(output.claims[2]?.sources).to.deep.equal([]);
  });

  it('attaches no sources without grounding, and ignores URLs the model put in its JSON', async () => {
    const withUrls = { claims: SAMPLE_CLAIMS.claims.map((claim) => ({ ...claim, sources: [{ uri: 'https://invented.example' }] })) };
    const { output } = await runFactChecker({ scripts: { 'fact-checker': [fakeResult(JSON.stringify(withUrls))] } });
    expect(output.claims.map((claim) => claim.sources)).to.deep.equal([[], [], []]);
  });

  it('keeps non-web grounding URIs out of the sources', async () => {
    const grounding = { ...SAMPLE_GROUNDING, sources: [{ uri: 'javascript:alert(1)' }, ...SAMPLE_GROUNDING.sources.slice(1)] };
    const { output } = await runFactChecker({ scripts: { 'fact-checker': [fakeResult(JSON.stringify(SAMPLE_CLAIMS), { grounding })] } });
    expect(output.claims[0]?.sources).to.deep.equal([]);
  });

  it('clamps confidence into 0..1 and drops claims beyond fifteen', async () => {
    const claim = { ...SAMPLE_CLAIMS.claims[0], confidence: 1.7 };
    const claims = [{ ...claim, confidence: -0.2 }, ...Array.from({ length: 17 }, () => claim)];
    const { output } = await runFactChecker({ scripts: { 'fact-checker': [fakeResult(JSON.stringify({ claims }))] } });
    expect(output.claims).to.have.length(15);
    expect(output.claims[0]?.confidence).to.equal(0);
    expect(output.claims[1]?.confidence).to.equal(1);
  });
});
