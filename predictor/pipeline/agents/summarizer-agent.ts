/**
 * @module pipeline/agents/summarizer-agent
 * The summarizer: overview, themes, key discussions and outcomes of an episode.
 */
import type { SummaryOutput } from '../agent-output-schemas.js';
import type { Agent } from '../agent.js';
import { SUMMARIZER_SPEC } from './agent-specs.js';
import { createJsonAgent, type AgentDeps } from './create-json-agent.js';

/** Creates the summarizer agent (no Search; the output is taken as validated). */
export function createSummarizerAgent(deps: AgentDeps): Agent<SummaryOutput> {
  return createJsonAgent(SUMMARIZER_SPEC, deps);
}
