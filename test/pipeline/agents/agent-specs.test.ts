import { expect } from 'chai';
import { createModelRouter } from '../../../predictor/llm/model-router.js';
import { FACT_CHECK_SCHEMA, INSIGHTS_SCHEMA, SUMMARY_SCHEMA } from '../../../predictor/pipeline/agent-output-schemas.js';
import { AGENT_NAMES } from '../../../predictor/pipeline/agent.js';
import { AGENT_OUTPUT_SCHEMAS, AGENT_SPECS, agentSpecFor } from '../../../predictor/pipeline/agents/agent-specs.js';
import { createAgents } from '../../../predictor/pipeline/agents/create-json-agent.js';
import { createAgentScriptedModel, providerOf } from '../support/scripted-model.js';

describe('AGENT_SPECS (the one list of agents)', () => {
  it('names the agents in pipeline order, which AGENT_NAMES is', () => {
    expect(AGENT_SPECS.map((spec) => spec.name)).to.deep.equal(['summarizer', 'insights', 'fact-checker']);
    expect(AGENT_NAMES).to.deep.equal(AGENT_SPECS.map((spec) => spec.name));
  });

  it('gives createAgents one agent per spec, in its order, with its Search switch', () => {
    const agents = createAgents({
      router: createModelRouter({ tiers: { 'flash-lite': 'lite', flash: 'flash', pro: 'pro' }, agentTiers: {} }),
      models: providerOf(createAgentScriptedModel()),
      generation: { temperature: 0, maxOutputTokens: 1024 },
      now: () => 0,
    });
    expect(agents.map(({ name, usesGoogleSearch }) => ({ name, usesGoogleSearch }))).to.deep.equal([
      { name: 'summarizer', usesGoogleSearch: false },
      { name: 'insights', usesGoogleSearch: false },
      { name: 'fact-checker', usesGoogleSearch: true },
    ]);
  });

  it("gives the guardrails each agent's output schema by name", () => {
    expect(AGENT_OUTPUT_SCHEMAS).to.deep.equal({
      summarizer: SUMMARY_SCHEMA,
      insights: INSIGHTS_SCHEMA,
      'fact-checker': FACT_CHECK_SCHEMA,
    });
    for (const spec of AGENT_SPECS) expect(agentSpecFor(spec.name)).to.equal(spec);
  });
});
