/**
 * @module pipeline/agents/agent-specs
 * The three agent specs, shared by the online agents (`createJsonAgent`) and anything else
 * that builds the same requests (the Batch API jobs): one definition per role.
 */
import {
  FACT_CHECK_SCHEMA,
  INSIGHTS_SCHEMA,
  SUMMARY_SCHEMA,
  type CheckedClaim,
  type FactCheckOutput,
  type InsightsOutput,
  type SummaryOutput,
} from '../agent-output-schemas.js';
import type { AgentName } from '../agent.js';
import { defineAgentSpec, type CompiledAgentSpec } from './agent-spec.js';
import { attachGroundingSources } from './attach-grounding-sources.js';
import { verifyQuotes } from './verify-quotes.js';

/** The summarizer: no Search; the output is taken as validated. */
export const SUMMARIZER_SPEC: CompiledAgentSpec<SummaryOutput> = defineAgentSpec<SummaryOutput>({
  name: 'summarizer',
  schema: SUMMARY_SCHEMA,
  useGoogleSearch: false,
  refine: (output) => output,
});

/** Insights: quotes are checked against the transcript, which supplies speaker and timestamp. */
export const INSIGHTS_SPEC: CompiledAgentSpec<InsightsOutput> = defineAgentSpec<InsightsOutput>({
  name: 'insights',
  schema: INSIGHTS_SCHEMA,
  useGoogleSearch: false,
  refine: (output, _result, { episode }) => ({ ...output, notable_quotes: verifyQuotes(output.notable_quotes, episode.segments) }),
});

/** The fact-checker: Search grounding on; sources come from the grounding metadata only. */
export const FACT_CHECKER_SPEC: CompiledAgentSpec<FactCheckOutput> = defineAgentSpec<FactCheckOutput>({
  name: 'fact-checker',
  schema: FACT_CHECK_SCHEMA,
  useGoogleSearch: true,
  // The model's JSON has no sources (the schema has none); any it adds are dropped by conformToSchema.
  refine: (output, result) => ({
    claims: attachGroundingSources(output.claims as readonly Omit<CheckedClaim, 'sources'>[], result.grounding),
  }),
});

const SPECS: Readonly<Record<AgentName, CompiledAgentSpec<unknown>>> = {
  summarizer: SUMMARIZER_SPEC as CompiledAgentSpec<unknown>,
  insights: INSIGHTS_SPEC as CompiledAgentSpec<unknown>,
  'fact-checker': FACT_CHECKER_SPEC as CompiledAgentSpec<unknown>,
};

/** The spec of an agent by name. */
export function agentSpecFor(name: AgentName): CompiledAgentSpec<unknown> {
  return SPECS[name];
}
