/**
 * @module pipeline/caching/context-cache-session
 * The explicit context caches of one episode run: created before the agents start (their
 * latency is on the critical path: one extra round trip), deleted once the agents settled
 * (the TTL is only the backstop for a crashed process), and reported with their cost.
 * Creation failures (e.g. "cached content is too small") never fail the run: the caller
 * sends full prompts instead. Deletion failures are logged and billed as full-TTL storage.
 */
import type { ContextCacheClient } from '../../llm/context-cache-client.js';
import { cacheStorageCostUsd } from '../../llm/cost.js';
import type { ModelPrice } from '../../llm/price-table.js';
import type { AgentName } from '../agent.js';
import type { ContextCacheRecord } from '../episode-plan.js';
import { toErrorObject } from '../orchestrator.js';
import type { ContextCacheOutcomeLabel, PipelineEventSink } from '../../observability/pipeline-events.js';
import type { SharedPrefix } from '../prompts/prompt.js';

/** Deletion runs after the request may have been aborted, so it has its own bound. */
const DELETE_TIMEOUT_MS = 10_000;

export interface ContextCacheSessionOptions {
  readonly client: ContextCacheClient;
  readonly ttlSeconds: number;
  readonly priceOf: (modelId: string) => ModelPrice | undefined;
  readonly onEvent: PipelineEventSink;
  readonly now: () => number;
  readonly episodeIndex: number;
  readonly episodeId?: string;
}

export interface CacheToCreate {
  readonly modelId: string;
  readonly agents: readonly AgentName[];
  readonly useGoogleSearch: boolean;
  readonly chunkIndex: number;
  readonly prefix: SharedPrefix;
  /** Used when the provider does not report the cache size. */
  readonly estimatedTokens: number;
}

export interface ContextCacheSession {
  /** The cache name, or undefined when creation failed. */
  create(cache: CacheToCreate, signal: AbortSignal): Promise<string | undefined>;
  /** Deletes every cache created so far and reports them; idempotent, never throws. */
  release(): Promise<readonly ContextCacheRecord[]>;
}

interface LiveCache {
  readonly name: string;
  readonly modelId: string;
  readonly chunkIndex: number;
  readonly agents: readonly AgentName[];
  readonly tokenCount: number;
  readonly createdAtMs: number;
}

/** Creates the cache session of one episode run. */
export function createContextCacheSession(options: ContextCacheSessionOptions): ContextCacheSession {
  const { client, ttlSeconds, priceOf, onEvent, now, episodeIndex, episodeId } = options;
  const live: LiveCache[] = [];
  let released: Promise<readonly ContextCacheRecord[]> | undefined;
  const emit = (
    outcome: ContextCacheOutcomeLabel,
    cache: { modelId: string; chunkIndex: number; tokenCount?: number },
    error?: unknown,
  ): void => {
    try {
      onEvent({
        type: 'context-cache',
        episodeIndex,
        ...(episodeId ? { episodeId } : {}),
        outcome,
        modelId: cache.modelId,
        chunkIndex: cache.chunkIndex,
        ...(cache.tokenCount === undefined ? {} : { tokenCount: cache.tokenCount }),
        ...(error === undefined ? {} : { errorCode: toErrorObject(error).code, error }),
      });
    } catch {
      // Telemetry must never fail a request.
    }
  };

  async function deleteCache(cache: LiveCache): Promise<ContextCacheRecord> {
    let storageSeconds = ttlSeconds;
    try {
      await client.delete(cache.name, { signal: AbortSignal.timeout(DELETE_TIMEOUT_MS) });
      storageSeconds = Math.min(ttlSeconds, Math.max(0, (now() - cache.createdAtMs) / 1000));
      emit('deleted', cache);
    } catch (error) {
      emit('delete-failed', cache, error);
    }
    const price = priceOf(cache.modelId);
    const storageCostUsd = price === undefined ? undefined : cacheStorageCostUsd(cache.tokenCount, storageSeconds, price);
    const { name, modelId, chunkIndex, agents, tokenCount } = cache;
    return {
      name,
      modelId,
      chunkIndex,
      agents,
      tokenCount,
      storageSeconds,
      creationUsage: { inputTokens: tokenCount },
      ...(storageCostUsd === undefined ? {} : { storageCostUsd }),
    };
  }

  return {
    async create({ modelId, agents, useGoogleSearch, chunkIndex, prefix, estimatedTokens }, signal) {
      if (released !== undefined || signal.aborted) return undefined;
      const createdAtMs = now();
      try {
        const cache = await client.create(
          {
            modelId,
            systemInstruction: prefix.systemInstruction,
            contents: prefix.contents,
            useGoogleSearch,
            ttlSeconds,
            // No user text in names: they show up in the provider's console and logs.
            displayName: `podcast-pipeline-e${episodeIndex}-c${chunkIndex}`,
          },
          { signal },
        );
        const entry = { name: cache.name, modelId, chunkIndex, agents, tokenCount: cache.tokenCount ?? estimatedTokens, createdAtMs };
        emit('created', entry);
        if (released !== undefined) {
          // Released while this creation was in flight: nobody will use it.
          void deleteCache(entry);
          return undefined;
        }
        live.push(entry);
        return cache.name;
      } catch (error) {
        emit('failed', { modelId, chunkIndex }, error);
        return undefined;
      }
    },
    release() {
      released ??= Promise.all(live.map(deleteCache));
      return released;
    },
  };
}
