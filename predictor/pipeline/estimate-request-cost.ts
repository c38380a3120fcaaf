/**
 * @module pipeline/estimate-request-cost
 * Worst-case tokens and cost of a request, reserved against budgets before it runs: every
 * agent reads the whole transcript (plus instructions) and writes `maxOutputTokens`; the
 * Search agent may run one query per claim. Priced on the model each agent would route to.
 * Explicit context caching only ever lowers the cost (the planner takes a cache only when it
 * is cheaper), so it is left out. A transcript over the chunk budget is priced as chunks
 * (with 10 % overlap) plus the summarizer's reduce call; `naive` mode adds the second,
 * full-transcript fact-checker call.
 */
import type { CostEstimate } from '../dataplane/access-control.js';
import type { TensorElement } from '../dataplane/tensor.js';
import type { ModelRouter } from '../llm/model-router.js';
import type { Usage } from '../llm/usage.js';
import type { Agent } from './agent.js';
import type { PipelineMode } from './episode-tensor.js';
import type { CostFunction } from './pipeline-response.js';
import { TASK_OVERHEAD_TOKENS } from './chunking/plan-chunks.js';

/** Instructions, schema and episode header around the transcript, generously rounded up. */
export const PROMPT_OVERHEAD_TOKENS = TASK_OVERHEAD_TOKENS;
/** The fact-check schema allows 15 claims; assume one search query each. */
export const MAX_SEARCH_QUERIES = 15;
/** Share of the transcript assumed repeated by chunk overlap. */
const OVERLAP_ALLOWANCE = 0.1;

export interface EstimateRequestCostOptions {
  readonly elements: readonly TensorElement[];
  readonly agents: readonly Agent[];
  readonly router: ModelRouter;
  readonly maxOutputTokens: number;
  readonly costOf?: CostFunction;
  readonly mode?: PipelineMode;
  /** The chunk budget per call (config `CHUNK_MAX_INPUT_TOKENS`); absent: never chunked. */
  readonly maxInputTokens?: number;
}

interface Calls {
  readonly count: number;
  /** Usage of ONE of the `count` identical calls. */
  readonly usage: Usage;
}

function byteLength(element: TensorElement): number {
  if (element instanceof Uint8Array) return element.byteLength;
  return typeof element === 'string' ? Buffer.byteLength(element, 'utf8') : 0;
}

function chunkCountOf(transcriptTokens: number, maxInputTokens: number | undefined): number {
  if (maxInputTokens === undefined || transcriptTokens + PROMPT_OVERHEAD_TOKENS <= maxInputTokens) return 1;
  const room = Math.max(1, maxInputTokens - PROMPT_OVERHEAD_TOKENS);
  return Math.ceil((transcriptTokens * (1 + OVERLAP_ALLOWANCE)) / room);
}

/** The calls an agent makes for one episode, in the worst case. */
function callsOf(agent: Agent, transcriptTokens: number, options: EstimateRequestCostOptions): Calls[] {
  const { maxOutputTokens, mode = 'parallel', maxInputTokens } = options;
  const search = agent.usesGoogleSearch ? { searchQueries: MAX_SEARCH_QUERIES } : {};
  if (mode === 'naive') {
    const call = { inputTokens: transcriptTokens + PROMPT_OVERHEAD_TOKENS, outputTokens: maxOutputTokens };
    if (!agent.usesGoogleSearch) return [{ count: 1, usage: call }];
    // The claim finder reads the other agents' outputs too; the verifier the claims found.
    const finder = { ...call, inputTokens: call.inputTokens + 2 * maxOutputTokens };
    return [{ count: 1, usage: finder }, { count: 1, usage: { ...call, inputTokens: call.inputTokens + maxOutputTokens, ...search } }];
  }
  const chunks = chunkCountOf(transcriptTokens, maxInputTokens);
  const perChunkTranscript = chunks === 1 ? transcriptTokens : Math.ceil((transcriptTokens * (1 + OVERLAP_ALLOWANCE)) / chunks);
  const chunkCalls = { count: chunks, usage: { inputTokens: perChunkTranscript + PROMPT_OVERHEAD_TOKENS, outputTokens: maxOutputTokens, ...search } };
  if (chunks === 1 || agent.name !== 'summarizer') return [chunkCalls];
  const reduce = { inputTokens: chunks * maxOutputTokens + PROMPT_OVERHEAD_TOKENS, outputTokens: maxOutputTokens };
  return [chunkCalls, { count: 1, usage: reduce }];
}

/** Upper bound of tokens and USD for the episodes in `elements` (cost 0 without a price function). */
export function estimateRequestCost(options: EstimateRequestCostOptions): CostEstimate {
  const { elements, agents, router, costOf } = options;
  let maxTokens = 0;
  let maxCostUsd = 0;
  for (const element of elements) {
    // ceil(bytes/4) of the raw JSON over-counts the transcript text, which is the safe side.
    const transcriptTokens = Math.ceil(byteLength(element) / 4);
    for (const agent of agents) {
      for (const { count, usage } of callsOf(agent, transcriptTokens, options)) {
        const { modelId } = router.route(agent.name, { estimatedInputTokens: usage.inputTokens ?? 0 });
        maxTokens += count * ((usage.inputTokens ?? 0) + (usage.outputTokens ?? 0));
        maxCostUsd += count * (costOf?.(usage, modelId) ?? 0);
      }
    }
  }
  return { maxTokens, maxCostUsd };
}
