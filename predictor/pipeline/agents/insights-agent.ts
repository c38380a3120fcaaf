/**
 * @module pipeline/agents/insights-agent
 * The key-insights agent: at most five takeaways, notable quotes and topic tags. Quotes
 * are checked against the transcript, which also supplies their speaker and timestamp.
 */
import type { InsightsOutput } from '../agent-output-schemas.js';
import type { Agent } from '../agent.js';
import { INSIGHTS_SPEC } from './agent-specs.js';
import { createJsonAgent, type AgentDeps } from './create-json-agent.js';

/** Creates the insights agent (no Search). */
export function createInsightsAgent(deps: AgentDeps): Agent<InsightsOutput> {
  return createJsonAgent(INSIGHTS_SPEC, deps);
}
