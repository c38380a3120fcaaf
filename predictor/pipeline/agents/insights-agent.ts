/**
 * @module pipeline/agents/insights-agent
 * The key-insights agent: at most five takeaways, notable quotes and topic tags. Quotes
 * are checked against the transcript, which also supplies their speaker and timestamp.
 */
import { INSIGHTS_SCHEMA, type InsightsOutput } from '../agent-output-schemas.js';
import type { Agent } from '../agent.js';
import { createJsonAgent, type AgentDeps } from './create-json-agent.js';
import { verifyQuotes } from './verify-quotes.js';

/** Creates the insights agent (no Search). */
export function createInsightsAgent(deps: AgentDeps): Agent<InsightsOutput> {
  return createJsonAgent<InsightsOutput>(
    {
      name: 'insights',
      schema: INSIGHTS_SCHEMA,
      useGoogleSearch: false,
      refine: (output, _result, { episode }) => ({
        ...output,
        notable_quotes: verifyQuotes(output.notable_quotes, episode.segments),
      }),
    },
    deps,
  );
}
