/**
 * @module pipeline/pipeline-response
 * Analysed episodes → the model response: four BYTES outputs of shape [N] (element i is
 * episode i) and response parameters with the request's usage, cost and serving models.
 */
import type { ModelResponse, Parameters, Tensor } from '../dataplane/tensor.js';
import { billedOutputTokens, sumUsage, type Usage } from '../llm/usage.js';
import type { AgentName } from './agent.js';
import type { EpisodeAnalysis } from './orchestrator.js';
import { renderReportMarkdown } from './report-markdown.js';

/** Price of one call's usage on the model version that served it, in USD. */
export type CostFunction = (usage: Usage, modelVersion: string) => number;

export const PIPELINE_OUTPUTS: readonly { readonly name: string; readonly agent?: AgentName }[] = [
  { name: 'report' },
  { name: 'summary', agent: 'summarizer' },
  { name: 'insights', agent: 'insights' },
  { name: 'fact_checks', agent: 'fact-checker' },
];

export interface PipelineResponseOptions {
  readonly analyses: readonly EpisodeAnalysis[];
  readonly promptVersion: string;
  readonly llmBackend: string;
  readonly costOf?: CostFunction;
}

function agentJson(analysis: EpisodeAnalysis, agent: AgentName): string {
  const outcome = analysis.outcomes.find((candidate) => candidate.agent === agent);
  if (!outcome) return JSON.stringify({ error: { code: 'internal', message: 'agent did not run' } });
  return JSON.stringify(outcome.status === 'ok' ? outcome.result.output : { error: outcome.error });
}

function usageParameters(usage: Usage): Parameters {
  return {
    input_tokens: usage.inputTokens ?? 0,
    cached_input_tokens: usage.cachedInputTokens ?? 0,
    output_tokens: billedOutputTokens(usage),
  };
}

/** Builds the response; token and cost totals count billed calls only (cache hits excluded). */
export function toPipelineResponse({ analyses, promptVersion, llmBackend, costOf }: PipelineResponseOptions): ModelResponse {
  const outputs: Tensor[] = PIPELINE_OUTPUTS.map(({ name, agent }) => ({
    name,
    datatype: 'BYTES',
    shape: [analyses.length],
    data: analyses.map((analysis) => (agent ? agentJson(analysis, agent) : renderReportMarkdown(analysis))),
  }));
  const results = analyses.flatMap((analysis) =>
    analysis.outcomes.flatMap((outcome) => (outcome.status === 'ok' ? [outcome.result] : [])),
  );
  const billed = results.filter((result) => !result.isCacheHit);
  const models = [...new Set(results.map((result) => result.modelVersion))].sort();
  const parameters: Record<string, string | number | boolean> = {
    llm_backend: llmBackend,
    prompt_version: promptVersion,
    ...usageParameters(sumUsage(analyses.map((analysis) => analysis.usage))),
    partial: analyses.some((analysis) => analysis.isPartial),
    models: models.join(','),
  };
  if (costOf) parameters.cost_usd = billed.reduce((total, result) => total + costOf(result.usage, result.modelVersion), 0);
  return { outputs, parameters };
}
