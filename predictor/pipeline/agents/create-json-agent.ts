/**
 * @module pipeline/agents/create-json-agent
 * The shared run loop of every agent: route the call to a model tier by prompt size, build
 * the request (`buildAgentRequest`), make one call carrying the signal and deadline, then
 * read the output (`parseAgentOutput`). Role specs live in `agent-specs.ts`.
 */
import type { LanguageModelProvider } from '../../llm/language-model.js';
import { estimateTokens, type ModelRouter } from '../../llm/model-router.js';
import type { Agent } from '../agent.js';
import { buildAgentRequest, parseAgentOutput, type GenerationSettings } from './agent-call.js';
import type { CompiledAgentSpec } from './agent-spec.js';

export type { GenerationSettings } from './agent-call.js';

/** What every agent factory needs. */
export interface AgentDeps {
  readonly router: ModelRouter;
  readonly models: LanguageModelProvider;
  readonly generation: GenerationSettings;
  /** Epoch ms clock, injected so durations are deterministic in tests. */
  readonly now: () => number;
}

/** Builds an agent that makes one JSON-returning call per episode. */
export function createJsonAgent<TOutput>(spec: CompiledAgentSpec<TOutput>, deps: AgentDeps): Agent<TOutput> {
  const { router, models, generation, now } = deps;
  return {
    name: spec.name,
    usesGoogleSearch: spec.useGoogleSearch,
    async run(input, { signal, deadlineAtMs }) {
      const startedAtMs = now();
      // Route on the size of the schema-enforced prompt; the text-schema fallback differs by a few hundred bytes.
      const draft = buildAgentRequest(spec, input, { model: { supportsGroundedJson: true }, generation });
      const estimatedInputTokens = estimateTokens([draft.systemInstruction ?? '', ...draft.contents].join('\n'));
      const { modelId } = router.route(spec.name, { estimatedInputTokens });
      const model = models.languageModel(modelId);
      const request = model.supportsGroundedJson ? draft : buildAgentRequest(spec, input, { model, generation });
      const result = await model.generate(request, { signal, ...(deadlineAtMs === undefined ? {} : { deadlineAtMs }) });
      const output = parseAgentOutput(spec, result, input);
      return {
        agent: spec.name,
        output,
        usage: result.usage,
        promptVersion: request.labels?.prompt_version ?? input.promptVersion,
        modelId,
        modelVersion: result.modelVersion,
        ...(result.fallbackModel ? { fallbackModel: result.fallbackModel } : {}),
        durationMs: Math.max(0, now() - startedAtMs),
        groundingQueryCount: result.grounding?.webSearchQueries.length ?? result.usage.searchQueries ?? 0,
        isCacheHit: result.isCacheHit === true,
      };
    },
  };
}
