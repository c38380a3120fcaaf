/**
 * @module pipeline/create-episode-planner
 * Plans an episode run before any agent starts: splits the transcript into chunks when it is
 * over the token budget, routes every (chunk, agent) call by its prompt size, and, given a
 * context-cache client, asks `planContextCaches` per chunk whether an explicit cache (and
 * one shared model) is cheaper, then creates those caches. A cache that cannot be created
 * leaves its agents on their own routes with full prompts, which Gemini's implicit cache can
 * still serve (every agent's prompt starts with the same system instruction + transcript).
 */
import { yieldToEventLoop as turnOfTheEventLoop } from '../clock.js';
import type { ContextCacheClient } from '../llm/context-cache-client.js';
import { minimumCachedTokensFor } from '../llm/context-cache-client.js';
import type { LanguageModelProvider } from '../llm/language-model.js';
import { estimateTokens, type ModelRoute, type ModelRouter } from '../llm/model-router.js';
import type { ModelPrice } from '../llm/price-table.js';
import type { Agent, AgentName, PlannedCall } from './agent.js';
import type { GenerationSettings } from './agents/agent-call.js';
import { agentSpecFor } from './agents/agent-specs.js';
import { estimateAgentPromptTokens } from './agents/create-json-agent.js';
import { createContextCacheSession } from './caching/context-cache-session.js';
import { planContextCaches, type SharedModelPolicy } from './caching/plan-context-caches.js';
import { planChunks, transcriptBlockTokens, type ChunkingSettings, type TranscriptChunk } from './chunking/plan-chunks.js';
import type { EpisodePlanner, PlanRequest } from './episode-plan.js';
import type { PipelineEventSink } from '../observability/pipeline-events.js';
import { COMMON_SYSTEM_INSTRUCTION, sharedPrefixOf } from './prompts/prompt.js';

/** Explicit context caching (absent: implicit caching only). */
export interface ContextCacheSettings {
  readonly client: ContextCacheClient;
  /** Backstop expiry; the run deletes its caches when the agents are done (config `CONTEXT_CACHE_TTL_SECONDS`). */
  readonly ttlSeconds: number;
  /** Whether agents may move to one model to share a cache (config `CONTEXT_CACHE_SHARED_MODEL`). */
  readonly sharedModel: SharedModelPolicy;
  /** Output tokens assumed per call when comparing models (config `CONTEXT_CACHE_EXPECTED_OUTPUT_TOKENS`). */
  readonly expectedOutputTokensPerCall: number;
  /** The price of a model now, from the price table; unpriced models are never cached. */
  readonly priceOf: (modelId: string) => ModelPrice | undefined;
  /** Smallest cache a model accepts; defaults to `minimumCachedTokensFor`. */
  readonly minimumTokensOf?: (modelId: string) => number;
}

export interface EpisodePlannerOptions {
  readonly router: ModelRouter;
  readonly models: LanguageModelProvider;
  readonly generation: GenerationSettings;
  readonly chunking: Pick<ChunkingSettings, 'maxInputTokens' | 'overlapSegments'>;
  readonly contextCache?: ContextCacheSettings;
  readonly onEvent: PipelineEventSink;
  readonly now: () => number;
  /**
   * Called between the chunks of a long transcript, so probes and other requests are served
   * while it is planned (formatting a chunk and starting its cache takes milliseconds per
   * 100 kB); a turn of the event loop (`setImmediate`) by default.
   */
  readonly yieldToEventLoop?: () => Promise<void>;
}

interface RoutedCall {
  readonly agent: Agent;
  readonly route: ModelRoute;
  readonly promptTokens: number;
}

function averageTaskTokens(calls: readonly RoutedCall[], prefixTokens: number): number {
  const total = calls.reduce((sum, call) => sum + Math.max(0, call.promptTokens - prefixTokens), 0);
  return calls.length === 0 ? 0 : Math.ceil(total / calls.length);
}

/** Creates the planner; without `contextCache` it only chunks and routes. */
export function createEpisodePlanner(options: EpisodePlannerOptions): EpisodePlanner {
  const { router, models, generation, chunking, contextCache, onEvent, now, yieldToEventLoop = turnOfTheEventLoop } = options;
  const systemTokens = estimateTokens(COMMON_SYSTEM_INSTRUCTION);

  function routeChunk(chunk: TranscriptChunk, agents: readonly Agent[], promptVersion: string): RoutedCall[] {
    const chunkPosition = chunk.count > 1 ? { chunk: { index: chunk.index, count: chunk.count } } : {};
    return agents.map((agent) => {
      const input = { episode: chunk.episode, promptVersion, ...chunkPosition };
      const promptTokens = estimateAgentPromptTokens(agentSpecFor(agent.name), input, generation);
      return { agent, route: router.route(agent.name, { estimatedInputTokens: promptTokens }), promptTokens };
    });
  }

  return {
    async prepare({ episode, episodeIndex, promptVersion, agents, signal }: PlanRequest) {
      const chunks = planChunks(episode, chunking);
      const routed: RoutedCall[][] = [];
      for (const chunk of chunks) {
        if (routed.length > 0) await yieldToEventLoop();
        routed.push(routeChunk(chunk, agents, promptVersion));
      }
      const ownCalls = (calls: readonly RoutedCall[]): Partial<Record<AgentName, PlannedCall>> =>
        Object.fromEntries(calls.map(({ agent, route }) => [agent.name, { modelId: route.modelId }]));
      if (contextCache === undefined) return { plan: { chunks, calls: routed.map(ownCalls) }, release: async () => [] };

      const {
        client,
        ttlSeconds,
        sharedModel,
        expectedOutputTokensPerCall,
        priceOf,
        minimumTokensOf = minimumCachedTokensFor,
      } = contextCache;
      const session = createContextCacheSession({
        client,
        ttlSeconds,
        priceOf,
        onEvent,
        now,
        episodeIndex,
        ...(episode.episodeId ? { episodeId: episode.episodeId } : {}),
      });
      const planChunkCaches = async (chunk: TranscriptChunk, chunkIndex: number): Promise<Partial<Record<AgentName, PlannedCall>>> => {
        const chunkCalls = routed[chunkIndex] ?? [];
        const prefixTokens = systemTokens + transcriptBlockTokens(chunk.episode);
        const cachePlan = planContextCaches({
          prefixTokens,
          taskTokens: averageTaskTokens(chunkCalls, prefixTokens),
          calls: chunkCalls.map(({ agent, route }) => ({
            agent: agent.name,
            tier: route.tier,
            modelId: route.modelId,
            usesGoogleSearch: agent.usesGoogleSearch,
          })),
          ttlSeconds,
          expectedOutputTokensPerCall,
          sharedModel,
          priceOf,
          minimumTokensOf,
          supportsGroundedJsonOf: (modelId) => models.languageModel(modelId).supportsGroundedJson,
        });
        const prefix = sharedPrefixOf(chunk.episode);
        const planned = { ...ownCalls(chunkCalls) };
        await Promise.all(
          cachePlan.caches.map(async (cache) => {
            const name = await session.create({ ...cache, chunkIndex, prefix, estimatedTokens: prefixTokens }, signal);
            if (name === undefined) return;
            for (const agent of cache.agents) planned[agent] = { modelId: cache.modelId, cachedContent: name };
          }),
        );
        return planned;
      };
      // Each chunk's caches start in a turn of their own (the SDK serialises the prefix when the
      // call starts); the creations then run together.
      const pending: Promise<Partial<Record<AgentName, PlannedCall>>>[] = [];
      for (const [chunkIndex, chunk] of chunks.entries()) {
        if (chunkIndex > 0) await yieldToEventLoop();
        const planned = planChunkCaches(chunk, chunkIndex);
        // Awaited below with the others; until then a rejection must not count as unhandled.
        planned.catch(() => undefined);
        pending.push(planned);
      }
      const calls = await Promise.all(pending);
      return { plan: { chunks, calls }, release: () => session.release() };
    },
  };
}
