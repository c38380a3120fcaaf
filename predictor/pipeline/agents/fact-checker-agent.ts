/**
 * @module pipeline/agents/fact-checker-agent
 * The fact-checker: the episode's factual claims, each with a verdict and confidence from
 * a Google-Search-grounded call. Sources come from the grounding metadata only.
 */
import { FACT_CHECK_SCHEMA, type CheckedClaim, type FactCheckOutput } from '../agent-output-schemas.js';
import type { Agent } from '../agent.js';
import { attachGroundingSources } from './attach-grounding-sources.js';
import { createJsonAgent, type AgentDeps } from './create-json-agent.js';

/** Creates the fact-checker agent (Search grounding on). */
export function createFactCheckerAgent(deps: AgentDeps): Agent<FactCheckOutput> {
  return createJsonAgent<FactCheckOutput>(
    {
      name: 'fact-checker',
      schema: FACT_CHECK_SCHEMA,
      useGoogleSearch: true,
      // The model's JSON has no sources (the schema has none); any it adds are dropped by conformToSchema.
      refine: (output, result) => ({
        claims: attachGroundingSources(output.claims as readonly Omit<CheckedClaim, 'sources'>[], result.grounding),
      }),
    },
    deps,
  );
}
