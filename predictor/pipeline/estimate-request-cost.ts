/**
 * @module pipeline/estimate-request-cost
 * Worst-case tokens and cost of a request, reserved against budgets before it runs: every
 * agent reads the whole transcript (plus instructions) and writes `maxOutputTokens`; the
 * Search agent may run one query per claim. Priced on the model each agent would route to.
 */
import type { CostEstimate } from '../dataplane/access-control.js';
import type { TensorElement } from '../dataplane/tensor.js';
import type { ModelRouter } from '../llm/model-router.js';
import type { Agent } from './agent.js';
import type { CostFunction } from './pipeline-response.js';

/** Instructions, schema and episode header around the transcript, generously rounded up. */
export const PROMPT_OVERHEAD_TOKENS = 1_500;
/** The fact-check schema allows 15 claims; assume one search query each. */
export const MAX_SEARCH_QUERIES = 15;

export interface EstimateRequestCostOptions {
  readonly elements: readonly TensorElement[];
  readonly agents: readonly Agent[];
  readonly router: ModelRouter;
  readonly maxOutputTokens: number;
  readonly costOf?: CostFunction;
}

function byteLength(element: TensorElement): number {
  if (element instanceof Uint8Array) return element.byteLength;
  return typeof element === 'string' ? Buffer.byteLength(element, 'utf8') : 0;
}

/** Upper bound of tokens and USD for the episodes in `elements` (cost 0 without a price function). */
export function estimateRequestCost({ elements, agents, router, maxOutputTokens, costOf }: EstimateRequestCostOptions): CostEstimate {
  let maxTokens = 0;
  let maxCostUsd = 0;
  for (const element of elements) {
    // ceil(bytes/4) of the raw JSON over-counts the transcript text, which is the safe side.
    const inputTokens = Math.ceil(byteLength(element) / 4) + PROMPT_OVERHEAD_TOKENS;
    for (const agent of agents) {
      const { modelId } = router.route(agent.name, { estimatedInputTokens: inputTokens });
      maxTokens += inputTokens + maxOutputTokens;
      const usage = {
        inputTokens,
        outputTokens: maxOutputTokens,
        ...(agent.usesGoogleSearch ? { searchQueries: MAX_SEARCH_QUERIES } : {}),
      };
      maxCostUsd += costOf?.(usage, modelId) ?? 0;
    }
  }
  return { maxTokens, maxCostUsd };
}
