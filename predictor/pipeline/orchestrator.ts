/**
 * @module pipeline/orchestrator
 * Runs the agents of one episode in parallel (the critical path is one LLM call), carrying
 * the caller's AbortSignal and deadline, and emits lifecycle events. A failed agent yields
 * a partial result unless `failOnPartial`; if every agent fails the first error is thrown,
 * so the client gets a real error status, not an empty success.
 */
import { CancelledError, PredictorError } from '../errors.js';
import { sumUsage, type Usage } from '../llm/usage.js';
import { rejectOnAbort, toAbortError } from './abort-error.js';
import type { Agent, AgentName, AgentResult } from './agent.js';
import type { Episode } from './episode.js';
import type { PipelineEvent, PipelineEventSink } from './pipeline-events.js';

/** What a client sees in place of a failed agent's output. */
export interface AgentErrorObject {
  readonly code: string;
  readonly message: string;
}

export type AgentOutcome =
  | { readonly agent: AgentName; readonly status: 'ok'; readonly result: AgentResult }
  | { readonly agent: AgentName; readonly status: 'error'; readonly error: AgentErrorObject; readonly cause: unknown };

export interface EpisodeAnalysis {
  readonly episode: Episode;
  /** One outcome per agent, in the orchestrator's agent order. */
  readonly outcomes: readonly AgentOutcome[];
  readonly isPartial: boolean;
  /** Billed usage of the successful calls (cache hits billed nothing and are left out). */
  readonly usage: Usage;
}

export interface EpisodeRun {
  readonly episode: Episode;
  readonly episodeIndex: number;
  readonly promptVersion: string;
}

export interface RunContext {
  readonly signal: AbortSignal;
  readonly deadlineAtMs?: number;
}

export interface OrchestratorOptions {
  readonly agents: readonly Agent[];
  /** Throw the first agent error (and abort the other agents) instead of returning partial results. */
  readonly failOnPartial: boolean;
  readonly onEvent: PipelineEventSink;
  readonly now: () => number;
}

export interface Orchestrator {
  run(run: EpisodeRun, context: RunContext): Promise<EpisodeAnalysis>;
}

/** Our errors keep code and message; anything else is a bug and says only "internal error". */
export function toErrorObject(error: unknown): AgentErrorObject {
  return error instanceof PredictorError
    ? { code: error.code, message: error.message }
    : { code: 'internal', message: 'internal error' };
}

/** The `agent-end` fields that describe a successful call. */
function successFields(result: AgentResult) {
  return {
    usage: result.usage,
    modelId: result.modelId,
    modelVersion: result.modelVersion,
    isCacheHit: result.isCacheHit,
    groundingQueryCount: result.groundingQueryCount,
    ...(result.fallbackModel ? { fallbackModel: result.fallbackModel } : {}),
  };
}

/** Creates the orchestrator; agents are run in the given order and reported in it. */
export function createOrchestrator({ agents, failOnPartial, onEvent, now }: OrchestratorOptions): Orchestrator {
  const emit = (event: PipelineEvent): void => {
    try {
      onEvent(event);
    } catch {
      // Telemetry must never fail a request.
    }
  };

  return {
    async run({ episode, episodeIndex, promptVersion }, context) {
      const toError = () => toAbortError(context.signal, context.deadlineAtMs, now());
      if (context.signal.aborted) throw toError();
      const startedAtMs = now();
      const ids = { episodeIndex, ...(episode.episodeId ? { episodeId: episode.episodeId } : {}) };
      const siblings = new AbortController();
      const signal = AbortSignal.any([context.signal, siblings.signal]);
      const agentContext = { signal, ...(context.deadlineAtMs === undefined ? {} : { deadlineAtMs: context.deadlineAtMs }) };
      let firstError: unknown;
      const failedFast = Promise.withResolvers<never>();
      failedFast.promise.catch(() => undefined);

      const runAgent = async (agent: Agent): Promise<AgentOutcome> => {
        const base = { ...ids, agent: agent.name, promptVersion };
        const agentStartedAtMs = now();
        emit({ type: 'agent-start', ...base });
        try {
          const result = await agent.run({ episode, promptVersion }, agentContext);
          emit({ ...base, ...successFields(result), type: 'agent-end', outcome: 'ok', durationMs: now() - agentStartedAtMs });
          return { agent: agent.name, status: 'ok', result };
        } catch (error) {
          const errorObject = toErrorObject(error);
          const isCancelled = signal.aborted;
          const retryable = error instanceof PredictorError && error.retryable;
          emit({ type: 'agent-error', ...base, ...errorObject, retryable, isCancelled, error });
          const outcome = isCancelled ? 'cancelled' : 'error';
          emit({ type: 'agent-end', ...base, outcome, durationMs: now() - agentStartedAtMs, errorCode: errorObject.code });
          firstError ??= error;
          if (failOnPartial) failedFast.reject(error);
          return { agent: agent.name, status: 'error', error: errorObject, cause: error };
        }
      };

      const aborted = rejectOnAbort(context.signal, toError);
      const endEpisode = (outcome: 'ok' | 'partial' | 'error' | 'cancelled', usage: Usage = {}): void =>
        emit({ type: 'episode-end', ...ids, outcome, durationMs: now() - startedAtMs, usage });
      try {
        const outcomes = await Promise.race([Promise.all(agents.map(runAgent)), aborted.promise, failedFast.promise]);
        const usage = sumUsage(
          outcomes.flatMap((outcome) => (outcome.status === 'ok' && !outcome.result.isCacheHit ? [outcome.result.usage] : [])),
        );
        const failures = outcomes.filter((outcome) => outcome.status === 'error').length;
        if (failures === outcomes.length && failures > 0) throw firstError;
        endEpisode(failures > 0 ? 'partial' : 'ok', usage);
        return { episode, outcomes, isPartial: failures > 0, usage };
      } catch (error) {
        endEpisode(context.signal.aborted ? 'cancelled' : 'error');
        // Stop the agents still running: their results would be thrown away.
        siblings.abort(new CancelledError('Stopped because the episode failed'));
        throw error;
      } finally {
        aborted.dispose();
      }
    },
  };
}
