/**
 * @module pipeline/agents/agent-specs
 * The agents of the pipeline as one ordered list: the pipeline model builds its agents from
 * it, the Batch API codec its requests, the guardrails get their output schemas from it,
 * and `AGENT_NAMES` is its names. Adding an agent is adding a spec here (and its prompt,
 * schema and chunk reducer).
 */
import type { JsonSchema } from '../../llm/language-model.js';
import {
  FACT_CHECK_SCHEMA,
  INSIGHTS_SCHEMA,
  SUMMARY_SCHEMA,
  type FactCheckOutput,
  type InsightsOutput,
  type SummaryOutput,
} from '../agent-output-schemas.js';
import { buildFactCheckerPrompt } from '../prompts/fact-checker-prompt.js';
import { buildInsightsPrompt } from '../prompts/insights-prompt.js';
import { buildSummarizerPrompt } from '../prompts/summarizer-prompt.js';
import type { AgentName } from '../agent.js';
import { defineAgentSpec, type CompiledAgentSpec } from './agent-spec.js';
import { attachGroundingSources } from './attach-grounding-sources.js';
import { verifyQuotes } from './verify-quotes.js';

/** The summarizer: no Search; the output is taken as validated. */
export const SUMMARIZER_SPEC = defineAgentSpec<SummaryOutput, 'summarizer'>({
  name: 'summarizer',
  prompt: buildSummarizerPrompt,
  schema: SUMMARY_SCHEMA,
  useGoogleSearch: false,
  refineReadsSegments: false,
  refine: (output) => output,
});

/** Insights: quotes are checked against the transcript, which supplies speaker and timestamp. */
export const INSIGHTS_SPEC = defineAgentSpec<InsightsOutput, 'insights'>({
  name: 'insights',
  prompt: buildInsightsPrompt,
  schema: INSIGHTS_SCHEMA,
  useGoogleSearch: false,
  refineReadsSegments: true,
  refine: (output, _result, { episode }) => ({ ...output, notable_quotes: verifyQuotes(output.notable_quotes, episode.segments) }),
});

/** The fact-checker: Search grounding on; sources come from the grounding metadata only. */
export const FACT_CHECKER_SPEC = defineAgentSpec<FactCheckOutput, 'fact-checker'>({
  name: 'fact-checker',
  prompt: buildFactCheckerPrompt,
  schema: FACT_CHECK_SCHEMA,
  useGoogleSearch: true,
  refineReadsSegments: false,
  // The model's JSON has no sources (the schema has none); any it adds are dropped by conformToSchema.
  refine: (output, result) => ({
    claims: attachGroundingSources(output.claims, result.grounding),
  }),
});

/** Every agent of an episode, in the order the pipeline runs and reports them. */
export const AGENT_SPECS = [SUMMARIZER_SPEC, INSIGHTS_SPEC, FACT_CHECKER_SPEC] as const;

const SPECS_BY_NAME: ReadonlyMap<AgentName, CompiledAgentSpec<unknown>> = new Map(
  AGENT_SPECS.map((spec): [AgentName, CompiledAgentSpec<unknown>] => [spec.name, spec as CompiledAgentSpec<unknown>]),
);

/** The spec of an agent by name. */
export function agentSpecFor(name: AgentName): CompiledAgentSpec<unknown> {
  return SPECS_BY_NAME.get(name)!;
}

/** Each agent's output schema by name, what the output guardrail checks answers against. */
export const AGENT_OUTPUT_SCHEMAS: Readonly<Record<AgentName, JsonSchema>> = Object.fromEntries(
  AGENT_SPECS.map((spec) => [spec.name, spec.schema]),
) as Record<AgentName, JsonSchema>;
