/**
 * @module pipeline/chunking/chunk-reducers
 * How each agent's per-chunk results become one result. The summarizer makes one extra,
 * small LLM call over the chunk summaries (a faithful overview of a whole episode cannot be
 * assembled by concatenation); if that call fails for any reason but cancellation, the
 * deterministic merge answers instead, so the chunk calls already paid for are not lost.
 * Insights and fact-checks merge deterministically (`merge-chunk-outputs.ts`).
 */
import { CancelledError, DeadlineExceededError } from '../../errors.js';
import type { LanguageModelProvider } from '../../llm/language-model.js';
import { estimateTokens, type ModelRouter } from '../../llm/model-router.js';
import type { FactCheckOutput, InsightsOutput, SummaryOutput } from '../agent-output-schemas.js';
import { callRecordOf, type AgentContext, type AgentInput, type AgentName, type CallRecord } from '../agent.js';
import { parseAgentOutput, type GenerationSettings } from '../agents/agent-call.js';
import { SUMMARIZER_SPEC } from '../agents/agent-specs.js';
import { buildSummaryReducePrompt } from '../prompts/summary-reduce-prompt.js';
import { mergeFactChecks, mergeInsights, mergeSummaries } from './merge-chunk-outputs.js';

export interface ReducedOutput {
  readonly output: unknown;
  /** The extra call the reduce made, if any. */
  readonly call?: CallRecord;
}

/** Merges the chunk outputs (in transcript order) of one agent for the full-episode `input`. */
export type ChunkReducer = (outputs: readonly unknown[], input: AgentInput, context: AgentContext) => Promise<ReducedOutput>;

export interface ChunkReducerDeps {
  readonly router: ModelRouter;
  readonly models: LanguageModelProvider;
  readonly generation: GenerationSettings;
}

/** The reducer of each agent. */
export function createChunkReducers({ router, models, generation }: ChunkReducerDeps): Readonly<Record<AgentName, ChunkReducer>> {
  async function reduceSummaries(outputs: readonly unknown[], input: AgentInput, context: AgentContext): Promise<ReducedOutput> {
    const parts = outputs as readonly SummaryOutput[];
    const prompt = buildSummaryReducePrompt(parts, input.episode.title, input.promptVersion);
    const estimatedInputTokens = estimateTokens([prompt.systemInstruction, ...prompt.contents].join('\n'));
    const { modelId } = router.route('summarizer', { estimatedInputTokens });
    try {
      const result = await models.languageModel(modelId).generate(
        {
          systemInstruction: prompt.systemInstruction,
          contents: prompt.contents,
          ...(prompt.responseJsonSchema ? { responseJsonSchema: prompt.responseJsonSchema } : {}),
          temperature: generation.temperature,
          maxOutputTokens: generation.maxOutputTokens,
          ...(generation.thinkingLevel ? { thinkingLevel: generation.thinkingLevel } : {}),
          labels: { agent: 'summarizer', prompt_version: input.promptVersion },
        },
        context,
      );
      const call = callRecordOf(result, modelId);
      try {
        return { output: parseAgentOutput(SUMMARIZER_SPEC, result, input), call };
      } catch {
        return { output: mergeSummaries(parts), call };
      }
    } catch (error) {
      if (context.signal.aborted || error instanceof CancelledError || error instanceof DeadlineExceededError) throw error;
      return { output: mergeSummaries(parts) };
    }
  }

  return {
    summarizer: reduceSummaries,
    insights: async (outputs, input) => ({ output: mergeInsights(outputs as readonly InsightsOutput[], input.episode) }),
    'fact-checker': async (outputs) => ({ output: mergeFactChecks(outputs as readonly FactCheckOutput[]) }),
  };
}
