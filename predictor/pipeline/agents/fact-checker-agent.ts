/**
 * @module pipeline/agents/fact-checker-agent
 * The fact-checker: the episode's factual claims, each with a verdict and confidence from
 * a Google-Search-grounded call. Sources come from the grounding metadata only.
 */
import type { FactCheckOutput } from '../agent-output-schemas.js';
import type { Agent } from '../agent.js';
import { FACT_CHECKER_SPEC } from './agent-specs.js';
import { createJsonAgent, type AgentDeps } from './create-json-agent.js';

/** Creates the fact-checker agent (Search grounding on). */
export function createFactCheckerAgent(deps: AgentDeps): Agent<FactCheckOutput> {
  return createJsonAgent(FACT_CHECKER_SPEC, deps);
}
