/**
 * @module pipeline/episode-plan
 * What the orchestrator runs for one episode, decided before any agent starts: the chunks
 * of the transcript and, per chunk, each agent's model and explicit context cache. Also the
 * record of every cache a run created, which the response prices (creation + storage).
 */
import type { Usage } from '../contract/usage.js';
import type { Agent, AgentName, PlannedCall } from './agent.js';
import type { TranscriptChunk } from './chunking/plan-chunks.js';
import type { Episode } from './episode.js';

export interface EpisodePlan {
  readonly chunks: readonly TranscriptChunk[];
  /** Per chunk (same index), the planned call of each agent; an agent without one routes itself. */
  readonly calls: readonly Readonly<Partial<Record<AgentName, PlannedCall>>>[];
}

/** One explicit context cache a run created, and what it cost. */
export interface ContextCacheRecord {
  readonly name: string;
  readonly modelId: string;
  readonly chunkIndex: number;
  readonly agents: readonly AgentName[];
  /** Tokens held, as the provider counted them: billed once, at the input rate, when created. */
  readonly tokenCount: number;
  /** Storage billed: creation to deletion, or the whole TTL when deletion failed. */
  readonly storageSeconds: number;
  /** Creation, as a usage priced like a call on `modelId`. */
  readonly creationUsage: Usage;
  /** Storage cost (undefined when the model has no storage price). */
  readonly storageCostUsd?: number;
}

/** A planned episode and the clean-up of whatever the plan created upstream. */
export interface PreparedEpisode {
  readonly plan: EpisodePlan;
  /** Deletes the run's caches and reports them; never throws. */
  release(): Promise<readonly ContextCacheRecord[]>;
}

export interface PlanRequest {
  readonly episode: Episode;
  readonly episodeIndex: number;
  readonly promptVersion: string;
  readonly agents: readonly Agent[];
  readonly signal: AbortSignal;
}

export interface EpisodePlanner {
  prepare(request: PlanRequest): Promise<PreparedEpisode>;
}

/** The plan of a run without planner: the whole transcript, agents route themselves. */
export function wholeEpisodePlan(episode: Episode): PreparedEpisode {
  const chunk = { index: 0, count: 1, startSegment: 0, endSegment: episode.segments.length, episode };
  return { plan: { chunks: [chunk], calls: [{}] }, release: async () => [] };
}
