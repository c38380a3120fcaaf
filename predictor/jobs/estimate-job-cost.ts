/**
 * @module jobs/estimate-job-cost
 * Worst case of a job, reserved against the caller's daily budget at submission, as
 * `/infer` reserves its estimate: every request reads its prompt (estimated from its text)
 * and writes its `maxOutputTokens`; a Search request may run one query per claim.
 */
import type { EncodedJob } from '../pipeline/batch-codec.js';
import { MAX_SEARCH_QUERIES } from '../pipeline/estimate-request-cost.js';
import type { CostFunction } from '../pipeline/pipeline-response.js';
import { estimateTokens } from '../llm/model-router.js';

export interface JobCostEstimate {
  readonly tokens: number;
  /** 0 without a price function. */
  readonly costUsd: number;
}

/** Sums the worst case of every request of the job, priced on the model of its batch. */
export function estimateJobCost({ groups }: EncodedJob, costOf?: CostFunction): JobCostEstimate {
  let tokens = 0;
  let costUsd = 0;
  for (const { modelId, requests } of groups) {
    for (const { request } of requests) {
      const texts = request.systemInstruction === undefined ? request.contents : [request.systemInstruction, ...request.contents];
      const inputTokens = estimateTokens(texts.join('\n'));
      const outputTokens = request.maxOutputTokens ?? 0;
      tokens += inputTokens + outputTokens;
      costUsd +=
        costOf?.({ inputTokens, outputTokens, ...(request.useGoogleSearch ? { searchQueries: MAX_SEARCH_QUERIES } : {}) }, modelId) ?? 0;
    }
  }
  return { tokens, costUsd };
}
