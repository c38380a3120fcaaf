/**
 * @module pipeline/pipeline-response
 * Analysed episodes → the model response: four BYTES outputs of shape [N] (element i is
 * episode i) and response parameters with the request's usage, cost and serving models.
 * The billed tokens and USD are also the response's typed `usage` (what request limits
 * settle), from the same numbers as the parameters. An explicit context cache is part of
 * the request that made it: its creation tokens count as input tokens (billed at the input
 * rate) and its storage time is in `cost_usd`.
 */
import type { ModelResponse, ResponseUsage, Tensor } from '../contract/tensor.js';
import { billedOutputTokens, sumUsage, type Usage } from '../contract/usage.js';
import type { AgentName, AgentResult, CallRecord } from './agent.js';
import type { PipelineMode } from './episode-tensor.js';
import type { AgentOutcome, EpisodeAnalysis } from './orchestrator.js';
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

/** One agent's element of its output tensor: its structured output, or `{"error": {code, message}}` in its slot. */
export function outcomeJson(outcome: AgentOutcome): string {
  return JSON.stringify(outcome.status === 'ok' ? outcome.result.output : { error: outcome.error });
}

function agentJson(analysis: EpisodeAnalysis, agent: AgentName): string {
  const outcome = analysis.outcomes.find((candidate) => candidate.agent === agent);
  if (!outcome) return JSON.stringify({ error: { code: 'internal', message: 'agent did not run' } });
  return outcomeJson(outcome);
}

function usageParameters(usage: Usage): {
  readonly input_tokens: number;
  readonly cached_input_tokens: number;
  readonly output_tokens: number;
} {
  return {
    input_tokens: usage.inputTokens ?? 0,
    cached_input_tokens: usage.cachedInputTokens ?? 0,
    output_tokens: billedOutputTokens(usage),
  };
}

/** The calls behind a result: its own record, or one per chunk and reduce call. */
function callsOf(result: AgentResult): readonly CallRecord[] {
  return result.calls ?? [result];
}

/** USD of the billed calls plus context-cache creation and storage. */
function costUsdOf(analyses: readonly EpisodeAnalysis[], costOf: CostFunction): number {
  let total = 0;
  for (const analysis of analyses) {
    for (const outcome of analysis.outcomes) {
      if (outcome.status !== 'ok') continue;
      for (const call of callsOf(outcome.result)) if (!call.isCacheHit) total += costOf(call.usage, call.modelVersion);
    }
    for (const cache of analysis.contextCaches ?? []) total += costOf(cache.creationUsage, cache.modelId) + (cache.storageCostUsd ?? 0);
  }
  return total;
}

/** Builds the response; token and cost totals count billed calls only (cache hits excluded). */
export function toPipelineResponse({ analyses, promptVersion, llmBackend, costOf }: PipelineResponseOptions): ModelResponse {
  const outputs: Tensor[] = PIPELINE_OUTPUTS.map(({ name, agent }) => ({
    name,
    datatype: 'BYTES',
    shape: [analyses.length],
    data: analyses.map((analysis) => (agent ? agentJson(analysis, agent) : renderReportMarkdown(analysis))),
  }));
  const results = analyses.flatMap((analysis) => analysis.outcomes.flatMap((outcome) => (outcome.status === 'ok' ? [outcome.result] : [])));
  const models = [...new Set(results.flatMap((result) => callsOf(result).map((call) => call.modelVersion)))].sort();
  const caches = analyses.flatMap((analysis) => analysis.contextCaches ?? []);
  const billed = usageParameters(sumUsage(analyses.map((analysis) => analysis.usage)));
  const costUsd = costOf ? costUsdOf(analyses, costOf) : undefined;
  const parameters: Record<string, string | number | boolean> = {
    llm_backend: llmBackend,
    prompt_version: promptVersion,
    pipeline_mode: 'parallel' satisfies PipelineMode,
    ...billed,
    context_cache_tokens: caches.reduce((total, cache) => total + cache.tokenCount, 0),
    partial: analyses.some((analysis) => analysis.isPartial),
    // Every LLM call answered from the response cache: nothing was billed for this request.
    cache_hit: results.length > 0 && results.every((result) => callsOf(result).every((call) => call.isCacheHit)),
    models: models.join(','),
  };
  const fallbackModels = [
    ...new Set(results.flatMap((result) => callsOf(result).flatMap((call) => (call.fallbackModel ? [call.fallbackModel] : [])))),
  ];
  if (fallbackModels.length > 0) parameters.fallback_model = fallbackModels.sort().join(',');
  if (costUsd !== undefined) parameters.cost_usd = costUsd;
  const usage: ResponseUsage = { tokens: billed.input_tokens + billed.output_tokens, ...(costUsd === undefined ? {} : { costUsd }) };
  return { outputs, parameters, usage };
}
