/**
 * @module pipeline/agents/create-json-agent
 * The shared run loop of every agent: route the call to a model tier by prompt size, build
 * the request (`buildAgentRequest`), make one call carrying the signal and deadline, then
 * read the output (`parseAgentOutput`). Role specs live in `agent-specs.ts`; `createAgents`
 * builds one agent per spec, in the list's order. A call planned
 * with an explicit context cache that fails (expired cache, a fallback model that cannot
 * read it, capacity) gets one attempt with the full prompt.
 */
import { CancelledError, ContentBlockedError, DeadlineExceededError, LlmInvalidResponseError } from '../../errors.js';
import type { LanguageModelProvider } from '../../llm/language-model.js';
import { estimateJoinedTokens, type ModelRoute, type ModelRouter } from '../../llm/model-router.js';
import type { Agent, AgentInput } from '../agent.js';
import { buildAgentRequest, parseAgentOutput, type GenerationSettings } from './agent-call.js';
import type { CompiledAgentSpec } from './agent-spec.js';
import { AGENT_SPECS } from './agent-specs.js';

/** What every agent factory needs. */
export interface AgentDeps {
  readonly router: ModelRouter;
  readonly models: LanguageModelProvider;
  readonly generation: GenerationSettings;
  /** Epoch ms clock, injected so durations are deterministic in tests. */
  readonly now: () => number;
}

/** Failures that the same request would hit again without a cache are not retried uncached. */
function isWorthAnUncachedAttempt(error: unknown): boolean {
  return !(
    error instanceof CancelledError ||
    error instanceof DeadlineExceededError ||
    error instanceof ContentBlockedError ||
    error instanceof LlmInvalidResponseError
  );
}

/**
 * Tokens of an agent call's whole prompt, as routing sees them (ceil(bytes / 4)). The
 * text-schema fallback differs from the schema-enforced prompt by a few hundred bytes.
 */
export function estimateAgentPromptTokens<TOutput>(
  spec: CompiledAgentSpec<TOutput>,
  input: AgentInput,
  generation: GenerationSettings,
): number {
  const draft = buildAgentRequest(spec, input, { model: { supportsGroundedJson: true }, generation });
  return estimateJoinedTokens([draft.systemInstruction ?? '', ...draft.contents]);
}

/** The route of a call by the size of its whole prompt (the episode planner routes the same way). */
export function routeAgentCall<TOutput>(
  spec: CompiledAgentSpec<TOutput>,
  input: AgentInput,
  { router, generation }: Pick<AgentDeps, 'router' | 'generation'>,
): ModelRoute {
  return router.route(spec.name, { estimatedInputTokens: estimateAgentPromptTokens(spec, input, generation) });
}

/** Builds an agent that makes one JSON-returning call per episode. */
export function createJsonAgent<TOutput>(spec: CompiledAgentSpec<TOutput>, deps: AgentDeps): Agent<TOutput> {
  const { models, generation, now } = deps;
  return {
    name: spec.name,
    usesGoogleSearch: spec.useGoogleSearch,
    async run(input, options) {
      const startedAtMs = now();
      const modelId = input.call?.modelId ?? routeAgentCall(spec, input, deps).modelId;
      const model = models.languageModel(modelId);
      const cachedContent = input.call?.cachedContent;
      let request = buildAgentRequest(spec, input, { model, generation, ...(cachedContent ? { cachedContent } : {}) });
      let result;
      try {
        result = await model.generate(request, options);
      } catch (error) {
        if (cachedContent === undefined || options.signal.aborted || !isWorthAnUncachedAttempt(error)) throw error;
        // The cache may have expired, or a fallback model cannot read another model's cache:
        // the full prompt works on any model of the chain.
        request = buildAgentRequest(spec, input, { model, generation });
        result = await model.generate(request, options);
      }
      let output: TOutput;
      try {
        output = parseAgentOutput(spec, result, input);
      } catch (error) {
        // The response cache stores any well-formed answer; one this agent rejects must not be
        // replayed for the cache's whole TTL: ask upstream once more, bypassing the cache.
        if (!result.isCacheHit || !(error instanceof LlmInvalidResponseError)) throw error;
        result = await model.generate(request, { ...options, cacheMode: 'bypass' });
        output = parseAgentOutput(spec, result, input);
      }
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

/** The pipeline's agents, one per spec of `AGENT_SPECS`, in its order. */
export function createAgents(deps: AgentDeps): readonly Agent[] {
  return AGENT_SPECS.map((spec) => createJsonAgent<unknown>(spec as CompiledAgentSpec<unknown>, deps));
}
