/**
 * @module pipeline/episode-result-cache
 * The exact response cache of the pipeline: one entry per canonical episode, prompt
 * version, pipeline mode and configuration fingerprint (model ids, tiers, generation
 * parameters, chunking, guardrails), in the same store as the LLM response cache (memory
 * LRU, or Redis shared by replicas). A hit skips prompting, validation and guardrails and
 * bills nothing. Concurrent identical requests share one pipeline run (single-flight).
 * With scope `principal` (the default) entries and shared runs belong to one principal:
 * another tenant sending the same transcript runs (and pays) for itself and never learns,
 * from `cache_hit` or a zero bill, that someone sent it before.
 */
import { createHash } from 'node:crypto';
import type { ResponseCacheStore } from '../llm/middleware/response-cache-store.js';
import type { ResponseCacheScope } from '../llm/middleware/with-response-cache.js';
import type { AgentResult, CallRecord } from './agent.js';
import { episodeDigest, type Episode } from './episode.js';
import type { AgentOutcome, EpisodeAnalysis } from './orchestrator.js';

export interface EpisodeResultCacheOptions {
  readonly store: ResponseCacheStore;
  readonly ttlMs: number;
  /** Every setting that shapes the outputs, serialised; a change makes old entries unreachable. */
  readonly fingerprint: string;
  /** `principal` (default): a result is replayed for the principal that computed it only. */
  readonly scope?: ResponseCacheScope;
}

export interface EpisodeRunKey {
  readonly episode: Episode;
  readonly promptVersion: string;
  readonly mode: string;
  readonly cacheMode: 'default' | 'bypass';
  /** The caller's principal id; ignored when the cache is shared. */
  readonly cacheScope: string;
  readonly signal: AbortSignal;
}

export interface EpisodeResultCache {
  run(key: EpisodeRunKey, compute: () => Promise<EpisodeAnalysis>): Promise<EpisodeAnalysis>;
}

/** What is stored: the successful outcomes, without the episode (the caller has it). */
interface StoredAnalysis {
  readonly outcomes: readonly AgentOutcome[];
}

const asHit = (call: CallRecord): CallRecord => ({ ...call, usage: {}, isCacheHit: true });

function toHit(stored: StoredAnalysis, episode: Episode): EpisodeAnalysis {
  const outcomes = stored.outcomes.map((outcome): AgentOutcome => {
    if (outcome.status !== 'ok') return outcome;
    const result: AgentResult = {
      ...outcome.result,
      ...asHit(outcome.result),
      ...(outcome.result.calls ? { calls: outcome.result.calls.map(asHit) } : {}),
    };
    return { ...outcome, result };
  });
  return { episode, outcomes, isPartial: false, usage: {} };
}

/** Only complete analyses are worth replaying; a partial one should be retried for real. */
function isCacheable(analysis: EpisodeAnalysis): boolean {
  return !analysis.isPartial && analysis.outcomes.every((outcome) => outcome.status === 'ok');
}

export function createEpisodeResultCache({
  store,
  ttlMs,
  fingerprint,
  scope = 'principal',
}: EpisodeResultCacheOptions): EpisodeResultCache {
  const inFlight = new Map<string, Promise<EpisodeAnalysis>>();

  async function computeAndStore(key: string, compute: () => Promise<EpisodeAnalysis>): Promise<EpisodeAnalysis> {
    const analysis = await compute();
    if (isCacheable(analysis)) await store.set(key, JSON.stringify({ outcomes: analysis.outcomes } satisfies StoredAnalysis), ttlMs);
    return analysis;
  }

  return {
    async run({ episode, promptVersion, mode, cacheMode, cacheScope, signal }, compute) {
      // The principal goes last, JSON-quoted: no id can collide with another line of the key.
      const owner = scope === 'shared' ? '' : `\n${JSON.stringify(cacheScope)}`;
      const key = `episode:${createHash('sha256')
        .update(`${fingerprint}\n${promptVersion}\n${mode}\n${episodeDigest(episode)}${owner}`)
        .digest('base64url')}`;
      if (cacheMode === 'bypass') return computeAndStore(key, compute);
      const stored = await store.get(key);
      if (stored !== undefined) return toHit(JSON.parse(stored) as StoredAnalysis, episode);
      const shared = inFlight.get(key);
      if (shared) {
        try {
          const analysis = await shared;
          // The leader's run was billed once; a follower reports it as a hit (no tokens).
          return isCacheable(analysis) ? toHit({ outcomes: analysis.outcomes }, episode) : { ...analysis, episode };
        } catch (error) {
          // The leader's client went away or its run failed: a live follower runs its own.
          if (signal.aborted) throw error;
          return computeAndStore(key, compute);
        }
      }
      const running = computeAndStore(key, compute);
      inFlight.set(key, running);
      try {
        return await running;
      } finally {
        inFlight.delete(key);
      }
    },
  };
}
