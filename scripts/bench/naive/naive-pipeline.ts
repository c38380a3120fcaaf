/**
 * @module scripts/bench/naive/naive-pipeline
 * The naive sequential design the cost benchmark measures the served pipeline against, built
 * here from the predictor's public pieces and never served: no plan (the whole transcript in
 * every call, no explicit context cache, each agent routes itself), the summarizer, then the
 * insights agent, then the naive fact-checker (claim finder given the two earlier outputs,
 * then a grounded verifier), one after another. The answer is the served pipeline's response
 * format, so its `cost_usd` is priced the same way.
 */
import type { ModelResponse } from '../../../predictor/contract/tensor.js';
import type { PipelineEventSink } from '../../../predictor/observability/pipeline-events.js';
import type { Agent } from '../../../predictor/pipeline/agent.js';
import { INSIGHTS_SPEC, SUMMARIZER_SPEC } from '../../../predictor/pipeline/agents/agent-specs.js';
import { createJsonAgent, type AgentDeps } from '../../../predictor/pipeline/agents/create-json-agent.js';
import { decodeEpisode } from '../../../predictor/pipeline/decode-episode.js';
import { createOrchestrator, type RunContext } from '../../../predictor/pipeline/orchestrator.js';
import { toPipelineResponse, type CostFunction } from '../../../predictor/pipeline/pipeline-response.js';
import { createNaiveFactCheckerAgent } from './naive-fact-checker-agent.js';

export interface NaivePipelineOptions extends AgentDeps {
  readonly promptVersion: string;
  /** Reported in the response parameter `llm_backend`. */
  readonly llmBackend: string;
  /** Prices usage per model version; enables `cost_usd`. */
  readonly costOf?: CostFunction;
  readonly onEvent?: PipelineEventSink;
}

export interface NaivePipeline {
  /** Analyses one JSON episode; any agent failure fails the run. */
  analyse(episode: Uint8Array | string, context: RunContext): Promise<ModelResponse>;
}

/** Creates the naive pipeline over the given router and models. */
export function createNaivePipeline(options: NaivePipelineOptions): NaivePipeline {
  const { router, models, generation, now, promptVersion, llmBackend, costOf, onEvent = () => undefined } = options;
  const deps: AgentDeps = { router, models, generation, now };
  const agents: readonly Agent[] = [
    createJsonAgent(SUMMARIZER_SPEC, deps),
    createJsonAgent(INSIGHTS_SPEC, deps),
    createNaiveFactCheckerAgent(deps),
  ];
  const orchestrator = createOrchestrator({ agents, failOnPartial: true, onEvent, now, isSequential: true });
  return {
    async analyse(bytes, context) {
      const episode = decodeEpisode(bytes, 0);
      const analysis = await orchestrator.run({ episode, episodeIndex: 0, promptVersion }, context);
      const response = toPipelineResponse({ analyses: [analysis], promptVersion, llmBackend, ...(costOf ? { costOf } : {}) });
      // The served format names the served pipeline; this answer came from the baseline.
      return { ...response, parameters: { ...response.parameters, pipeline_mode: 'naive' } };
    },
  };
}
