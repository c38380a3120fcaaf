/**
 * @module pipeline/pipeline-model
 * The `podcast-pipeline` PredictorModel: decodes a batch of episodes (all of them, before
 * any LLM spend), plans each episode (chunks over the token budget, routes, explicit context
 * caches when cheaper), runs its agents in parallel with bounded episode concurrency, and
 * answers report/summary/insights/fact_checks tensors with usage and cost totals. A request
 * context with a progress sink is told of each agent's part as it settles.
 */
import type { CostEstimate } from '../contract/access-control.js';
import type { ModelMetadata, PredictorModel } from '../contract/predictor-model.js';
import type { ModelRequest, TensorElement } from '../contract/tensor.js';
import { CancelledError, ConfigError, ModelNotReadyError } from '../errors.js';
import type { LanguageModelProvider } from '../llm/language-model.js';
import type { ModelRouter } from '../llm/model-router.js';
import type { Agent } from './agent.js';
import { createEpisodeProgress } from './agent-part.js';
import type { GenerationSettings } from './agents/agent-call.js';
import { createAgents } from './agents/create-json-agent.js';
import { withGuardrails } from './guardrails/with-guardrails.js';
import type { Guardrails } from './guardrails/create-guardrails.js';
import type { EpisodeResultCache } from './episode-result-cache.js';
import { createChunkReducers } from './chunking/chunk-reducers.js';
import type { ChunkingSettings } from './chunking/plan-chunks.js';
import { createEpisodePlanner, type ContextCacheSettings } from './create-episode-planner.js';
import { decodeEpisodeCooperatively } from './decode-episode.js';
import { yieldToEventLoop } from '../clock.js';
import type { Episode } from './episode.js';
import { EPISODE_INPUT, readCacheMode, readEpisodeElements, readPipelineMode, readPromptVersion } from './episode-tensor.js';
import { estimateRequestCost } from './estimate-request-cost.js';
import { toFailedAnalysis } from './failed-analysis.js';
import { mapWithConcurrency } from './map-with-concurrency.js';
import { createOrchestrator, type EpisodeAnalysis } from './orchestrator.js';
import type { PipelineEventSink } from '../observability/pipeline-events.js';
import { PIPELINE_OUTPUTS, toPipelineResponse, type CostFunction } from './pipeline-response.js';
import { PROMPT_VERSIONS } from './prompts/prompt-registry.js';
import { withRequestEndEvent } from './with-request-end-event.js';

export interface PipelineModelOptions {
  /** Model name in the registry and the URL, e.g. `podcast-pipeline`. */
  readonly name: string;
  /** The one version served (other versions answer not_implemented). */
  readonly version: string;
  readonly router: ModelRouter;
  /** Gives the wrapped (retry, timeout, cache, ...) model for the id the router picks. */
  readonly models: LanguageModelProvider;
  /** Default prompt version; a request's `prompt_version` parameter may choose another. */
  readonly promptVersion: string;
  readonly generation: GenerationSettings;
  readonly maxEpisodesPerRequest: number;
  /** Episodes of one request analysed at once (each runs all agents in parallel). */
  readonly episodeConcurrency: number;
  /** Fail the request when any agent fails, instead of answering partial results. */
  readonly failOnPartial: boolean;
  /** Reported in the response parameter `llm_backend` (gemini, vertex, emulator). */
  readonly llmBackend: string;
  /** Prices usage per model version; enables `cost_usd` and priced estimates. */
  readonly costOf?: CostFunction;
  readonly onEvent: PipelineEventSink;
  /** Epoch ms clock. */
  readonly now: () => number;
  /** Transcript chunking (config `CHUNK_*`); default `DEFAULT_CHUNKING`. */
  readonly chunking?: ChunkingSettings;
  /** Explicit context caching (config `CONTEXT_CACHE_*`); absent: implicit caching only. */
  readonly contextCache?: ContextCacheSettings;
  /** Per-agent input and output guardrails (security/guardrails); none when absent. */
  readonly guardrails?: Guardrails;
  /** Exact per-episode result cache with single-flight; none when absent. */
  readonly resultCache?: EpisodeResultCache;
  /** The models a call on a model id may fall back to; the cost bound prices the dearest. */
  readonly fallbackModelsOf?: (modelId: string) => readonly string[];
}

/** 200k keeps every call under Gemini Pro's long-context price threshold. */
export const DEFAULT_CHUNKING: ChunkingSettings = { maxInputTokens: 200_000, overlapSegments: 2, concurrency: 4 };

/** Creates the pipeline model; it is ready after `load()`. */
export function createPipelineModel(options: PipelineModelOptions): PredictorModel {
  const { name, version, router, models, generation, now, costOf } = options;
  if (!PROMPT_VERSIONS.includes(options.promptVersion)) {
    throw new ConfigError([`PROMPT_VERSION ${options.promptVersion} is unknown; known: ${PROMPT_VERSIONS.join(', ')}`]);
  }
  const { chunking = DEFAULT_CHUNKING, onEvent, failOnPartial } = options;
  const agentDeps = { router, models, generation, now };
  const guard = (agent: Agent): Agent => (options.guardrails ? withGuardrails(agent, options.guardrails) : agent);
  const agents: readonly Agent[] = createAgents(agentDeps).map(guard);
  const planner = createEpisodePlanner({
    router,
    models,
    generation,
    chunking,
    ...(options.contextCache ? { contextCache: options.contextCache } : {}),
    onEvent,
    now,
  });
  const chunkRuns = { concurrency: chunking.concurrency, reducers: createChunkReducers(agentDeps) };
  const screen = options.guardrails ? { guardrails: options.guardrails } : {};
  const orchestrator = createOrchestrator({ agents, failOnPartial, onEvent, now, planner, chunking: chunkRuns, ...screen });
  let isReady = false;
  // The data plane asks estimateCost, then predict, about the same request: its episodes are
  // decoded once (keyed by the episode tensor's data, which a re-parameterised copy shares).
  const decodedEpisodes = new WeakMap<readonly TensorElement[], readonly Episode[]>();
  const episodesOf = async (request: ModelRequest): Promise<readonly Episode[]> => {
    const elements = readEpisodeElements(request, options.maxEpisodesPerRequest);
    let episodes = decodedEpisodes.get(elements);
    if (episodes === undefined) {
      // One episode after another; a large one in turns of the event loop (a request may carry 2 MiB).
      const decoded: Episode[] = [];
      for (const [index, element] of elements.entries()) {
        decoded.push(await decodeEpisodeCooperatively(element as Uint8Array | string, index, yieldToEventLoop));
      }
      episodes = decoded;
      decodedEpisodes.set(elements, episodes);
    }
    return episodes;
  };

  const metadata: ModelMetadata = {
    name,
    versions: [version],
    // Names the backend actually answering (gemini, vertex or the emulator), as `llm_backend` does per response.
    platform: `multi-agent-pipeline/${options.llmBackend}`,
    inputs: [{ name: EPISODE_INPUT, datatype: 'BYTES', shape: [-1] }],
    outputs: PIPELINE_OUTPUTS.map((output) => ({ name: output.name, datatype: 'BYTES', shape: [-1] })),
    parameters: { prompt_version: options.promptVersion, prompt_versions: PROMPT_VERSIONS.join(',') },
  };

  const model: PredictorModel = {
    name,
    version,
    isReady: () => isReady,
    async load() {
      isReady = true;
    },
    async unload() {
      isReady = false;
    },
    metadata: () => metadata,
    async estimateCost(request: ModelRequest): Promise<CostEstimate> {
      // The bound is computed from the decoded episodes (the prompts are built from them); an
      // element that does not decode fails here exactly as predict would, before any spend.
      const episodes = await episodesOf(request);
      const promptVersion = readPromptVersion(request.parameters, options.promptVersion);
      readPipelineMode(request.parameters);
      return estimateRequestCost({
        episodes,
        agents,
        router,
        promptVersion,
        maxOutputTokens: generation.maxOutputTokens,
        chunking,
        ...(options.contextCache ? { contextCache: options.contextCache } : {}),
        ...(options.fallbackModelsOf ? { fallbackModelsOf: options.fallbackModelsOf } : {}),
        isRedactionPossible: options.guardrails !== undefined,
        ...(costOf ? { costOf } : {}),
      });
    },
    async predict(request, context) {
      if (!isReady) throw new ModelNotReadyError(name);
      const promptVersion = readPromptVersion(request.parameters, options.promptVersion);
      const mode = readPipelineMode(request.parameters);
      const cacheMode = readCacheMode(request.parameters);
      const episodes = await episodesOf(request);
      const batch = new AbortController();
      const signal = AbortSignal.any([context.signal, batch.signal]);
      /** Boxed: the first failure of a batch, which may be any thrown value. */
      let firstFailure: { readonly error: unknown } | undefined;
      const runEpisode = async (episode: Episode, episodeIndex: number): Promise<EpisodeAnalysis> => {
        // Streaming transports hear of each agent as it settles (and of a cached result's agents at once).
        const progress = context.progress ? createEpisodeProgress(context.progress, episodeIndex) : undefined;
        try {
          // Caches are partitioned per principal (unless configured shared): no cross-tenant hits.
          const cacheScope = context.principal.id;
          const run = () =>
            orchestrator.run(
              { episode, episodeIndex, promptVersion, ...(progress ? { onOutcome: progress.onOutcome } : {}) },
              {
                signal,
                deadlineAtMs: context.deadlineAtMs,
                cacheMode,
                cacheScope,
                ...(context.spend ? { spend: context.spend } : {}),
                ...(context.upstreamTime ? { upstreamTime: context.upstreamTime } : {}),
              },
            );
          const analysis = options.resultCache
            ? await options.resultCache.run({ episode, promptVersion, mode, cacheMode, cacheScope, signal }, run)
            : await run();
          progress?.finish(analysis);
          return analysis;
        } catch (error) {
          // One failed episode of a batch is reported in place; cancellation and failOnPartial end the request.
          if (signal.aborted || options.failOnPartial || episodes.length === 1) throw error;
          firstFailure ??= { error };
          const failed = toFailedAnalysis(episode, agents, error);
          progress?.finish(failed);
          return failed;
        }
      };
      let analyses: EpisodeAnalysis[];
      try {
        analyses = await mapWithConcurrency(episodes, options.episodeConcurrency, runEpisode);
      } catch (error) {
        batch.abort(new CancelledError('Stopped because another episode of the request failed'));
        throw error;
      }
      if (firstFailure !== undefined && analyses.every((analysis) => analysis.outcomes.every((outcome) => outcome.status === 'error'))) {
        throw firstFailure.error;
      }
      return toPipelineResponse({ analyses, promptVersion, llmBackend: options.llmBackend, ...(costOf ? { costOf } : {}) });
    },
  };
  return withRequestEndEvent(model, { onEvent, now });
}
