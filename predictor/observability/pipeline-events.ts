/**
 * @module observability/pipeline-events
 * Lifecycle events the orchestrator emits to an injected sink; observability's
 * pipeline telemetry turns them into log lines and metrics. Fields hold no user text
 * (error messages are ours; SDK messages never get this far).
 */
import type { Usage } from '../contract/usage.js';

interface EventBase {
  /** Position of the episode in the request batch. */
  readonly episodeIndex: number;
  /** The client's `episode_id`, when given (for correlating logs, not a metric label). */
  readonly episodeId?: string;
}

interface AgentEventBase extends EventBase {
  /** The agent's name (the pipeline's `AgentName`; a metric label here). */
  readonly agent: string;
  readonly promptVersion: string;
}

export interface AgentStartEvent extends AgentEventBase {
  readonly type: 'agent-start';
}

export type AgentOutcomeLabel = 'ok' | 'error' | 'cancelled';

/** Emitted once per agent run, whatever the outcome. */
export interface AgentEndEvent extends AgentEventBase {
  readonly type: 'agent-end';
  readonly outcome: AgentOutcomeLabel;
  readonly durationMs: number;
  /** Present when the agent succeeded. */
  readonly usage?: Usage;
  readonly modelId?: string;
  readonly modelVersion?: string;
  readonly fallbackModel?: string;
  readonly isCacheHit?: boolean;
  readonly groundingQueryCount?: number;
  /** Error code when the outcome is not `ok`. */
  readonly errorCode?: string;
}

/** Emitted before `agent-end` when an agent fails; `error` is the original, for the log. */
export interface AgentErrorEvent extends AgentEventBase {
  readonly type: 'agent-error';
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
  readonly isCancelled: boolean;
  readonly error: unknown;
}

export type EpisodeOutcomeLabel = 'ok' | 'partial' | 'error' | 'cancelled';

/** Emitted once per episode after its agents settled (or the run gave up). */
export interface EpisodeEndEvent extends EventBase {
  readonly type: 'episode-end';
  readonly outcome: EpisodeOutcomeLabel;
  readonly durationMs: number;
  /** Usage of the agents that succeeded. */
  readonly usage: Usage;
}

export type ContextCacheOutcomeLabel = 'created' | 'failed' | 'deleted' | 'delete-failed';

/**
 * An explicit context cache of an episode run was created, could not be created (the run
 * then sends full prompts), was deleted, or could not be deleted (it expires at its TTL).
 */
export interface ContextCacheEvent extends EventBase {
  readonly type: 'context-cache';
  readonly outcome: ContextCacheOutcomeLabel;
  readonly modelId: string;
  readonly chunkIndex: number;
  readonly tokenCount?: number;
  /** Error code when creation or deletion failed; `error` is the original, for the log. */
  readonly errorCode?: string;
  readonly error?: unknown;
}

export type RequestOutcomeLabel = 'ok' | 'partial' | 'error';

/** Emitted once per request the pipeline ran, after every episode settled: the whole pipeline's duration. */
export interface RequestEndEvent {
  readonly type: 'request-end';
  readonly outcome: RequestOutcomeLabel;
  readonly durationMs: number;
  /** Error code when the outcome is `error`. */
  readonly errorCode?: string;
}

export type PipelineEvent = AgentStartEvent | AgentEndEvent | AgentErrorEvent | EpisodeEndEvent | ContextCacheEvent | RequestEndEvent;

/** Receives events synchronously; must not throw (a throwing sink is ignored). */
export type PipelineEventSink = (event: PipelineEvent) => void;
