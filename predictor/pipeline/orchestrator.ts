/**
 * @module pipeline/orchestrator
 * Runs the agents of one episode in parallel (the critical path is one LLM call, or one
 * chunk round plus a reduce), carrying the caller's AbortSignal and deadline, and emits
 * lifecycle events. An optional planner first chunks the transcript, routes the calls and
 * creates explicit context caches; they are released once the agents settled, whatever the
 * outcome. A failed agent yields a partial result unless `failOnPartial`; if every agent
 * fails the first error is thrown, so the client gets a real error status, not an empty
 * success. `isSequential` runs the agents one after another instead (used by the cost benchmark).
 */
import { CancelledError, PredictorError } from '../errors.js';
import type { Guardrails } from './guardrails/create-guardrails.js';
import { sumUsage, type Usage } from '../contract/usage.js';
import { rejectOnAbort, toAbortError } from '../abort.js';
import type { Agent, AgentContext, AgentName, AgentResult } from './agent.js';
import type { Episode } from './episode.js';
import { wholeEpisodePlan, type ContextCacheRecord, type EpisodePlanner, type PreparedEpisode } from './episode-plan.js';
import type { PipelineEvent, PipelineEventSink } from '../observability/pipeline-events.js';
import { runPlannedAgent, type ChunkRunSettings } from './run-planned-agent.js';

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
  /** Billed usage of the successful calls (cache hits billed nothing and are left out) and of context-cache creation. */
  readonly usage: Usage;
  /** Explicit context caches the run created (priced in the response: creation + storage). */
  readonly contextCaches?: readonly ContextCacheRecord[];
}

export interface EpisodeRun {
  readonly episode: Episode;
  readonly episodeIndex: number;
  readonly promptVersion: string;
  /** Told of each agent's outcome as it settles (streaming transports); must not throw. */
  readonly onOutcome?: (outcome: AgentOutcome) => void;
}

/** The request's side of a run: what every agent call of the episode carries (see AgentContext). */
export type RunContext = AgentContext;

export interface OrchestratorOptions {
  readonly agents: readonly Agent[];
  /** Throw the first agent error (and abort the other agents) instead of returning partial results. */
  readonly failOnPartial: boolean;
  readonly onEvent: PipelineEventSink;
  readonly now: () => number;
  /** Chunks, routes and creates context caches per episode; absent: whole transcript, agents route themselves. */
  readonly planner?: EpisodePlanner;
  /** How chunked agents run and reduce; required when the planner may split a transcript. */
  readonly chunking?: ChunkRunSettings;
  /** One agent after another, each given the earlier results (the cost benchmark's baseline). */
  readonly isSequential?: boolean;
  /**
   * Screens each episode once before anything leaves the process: every outbound call of the
   * run (context caches, agent, chunk and reduce calls) carries the screened episode, and an
   * agent an input guardrail blocked fails in its slot without a call. Absent: sent as decoded.
   */
  readonly guardrails?: Pick<Guardrails, 'screenInput'>;
}

export interface Orchestrator {
  run(run: EpisodeRun, context: RunContext): Promise<EpisodeAnalysis>;
}

/** Our errors keep code and message; anything else is a bug and says only "internal error". */
export function toErrorObject(error: unknown): AgentErrorObject {
  return error instanceof PredictorError ? { code: error.code, message: error.message } : { code: 'internal', message: 'internal error' };
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
export function createOrchestrator(options: OrchestratorOptions): Orchestrator {
  const { agents, failOnPartial, onEvent, now, planner, chunking, guardrails, isSequential = false } = options;
  const emit = (event: PipelineEvent): void => {
    try {
      onEvent(event);
    } catch {
      // Telemetry must never fail a request.
    }
  };

  return {
    async run({ episode, episodeIndex, promptVersion, onOutcome }, context) {
      const toError = () => toAbortError(context.signal, context.deadlineAtMs, now());
      if (context.signal.aborted) throw toError();
      const startedAtMs = now();
      const ids = { episodeIndex, ...(episode.episodeId ? { episodeId: episode.episodeId } : {}) };
      const siblings = new AbortController();
      const signal = AbortSignal.any([context.signal, siblings.signal]);
      const agentContext: AgentContext = { ...context, signal };
      let firstError: unknown;
      const failedFast = Promise.withResolvers<never>();
      failedFast.promise.catch(() => undefined);
      const screening = guardrails
        ? await guardrails.screenInput(
            episode,
            agents.map((agent) => agent.name),
          )
        : undefined;
      const outbound = screening?.episode ?? episode;
      const blocked = screening?.blocked ?? new Map<string, Error>();
      const cleared = agents.filter((agent) => !blocked.has(agent.name));
      const prepared: PreparedEpisode =
        planner && cleared.length > 0
          ? await planner.prepare({ episode: outbound, episodeIndex, promptVersion, agents: cleared, signal })
          : wholeEpisodePlan(outbound);

      const settle = (outcome: AgentOutcome): AgentOutcome => {
        try {
          onOutcome?.(outcome);
        } catch {
          // A progress listener must never fail a request.
        }
        return outcome;
      };
      const runAgent = async (agent: Agent, priorResults: readonly AgentResult[] = []): Promise<AgentOutcome> => {
        const base = { ...ids, agent: agent.name, promptVersion };
        const agentStartedAtMs = now();
        emit({ type: 'agent-start', ...base });
        try {
          const blockedError = blocked.get(agent.name);
          if (blockedError) throw blockedError;
          const input = { episode: outbound, promptVersion, ...(priorResults.length > 0 ? { priorResults } : {}) };
          const result = await runPlannedAgent({
            agent,
            plan: prepared.plan,
            input,
            context: agentContext,
            ...(chunking ? { chunking } : {}),
            now,
          });
          emit({ ...base, ...successFields(result), type: 'agent-end', outcome: 'ok', durationMs: now() - agentStartedAtMs });
          return settle({ agent: agent.name, status: 'ok', result });
        } catch (error) {
          const errorObject = toErrorObject(error);
          const isCancelled = signal.aborted;
          const retryable = error instanceof PredictorError && error.retryable;
          emit({ type: 'agent-error', ...base, ...errorObject, retryable, isCancelled, error });
          const outcome = isCancelled ? 'cancelled' : 'error';
          emit({ type: 'agent-end', ...base, outcome, durationMs: now() - agentStartedAtMs, errorCode: errorObject.code });
          firstError ??= error;
          if (failOnPartial) failedFast.reject(error);
          return settle({ agent: agent.name, status: 'error', error: errorObject, cause: error });
        }
      };

      const runAll = async (): Promise<AgentOutcome[]> => {
        if (!isSequential) return Promise.all(agents.map((agent) => runAgent(agent)));
        const outcomes: AgentOutcome[] = [];
        for (const agent of agents) {
          outcomes.push(
            await runAgent(
              agent,
              outcomes.flatMap((outcome) => (outcome.status === 'ok' ? [outcome.result] : [])),
            ),
          );
        }
        return outcomes;
      };

      const aborted = rejectOnAbort(context.signal, toError);
      const endEpisode = (outcome: 'ok' | 'partial' | 'error' | 'cancelled', usage: Usage = {}): void =>
        emit({ type: 'episode-end', ...ids, outcome, durationMs: now() - startedAtMs, usage });
      let outcomes: AgentOutcome[];
      try {
        if (context.signal.aborted) throw toError();
        outcomes = await Promise.race([runAll(), aborted.promise, failedFast.promise]);
      } catch (error) {
        // Stop the agents still running: their results would be thrown away.
        siblings.abort(new CancelledError('Stopped because the episode failed'));
        const released = await prepared.release();
        endEpisode(context.signal.aborted ? 'cancelled' : 'error', sumUsage(released.map((cache) => cache.creationUsage)));
        throw error;
      } finally {
        aborted.dispose();
      }
      const contextCaches = await prepared.release();
      const usage = sumUsage([
        ...outcomes.flatMap((outcome) => (outcome.status === 'ok' && !outcome.result.isCacheHit ? [outcome.result.usage] : [])),
        ...contextCaches.map((cache) => cache.creationUsage),
      ]);
      const failures = outcomes.filter((outcome) => outcome.status === 'error').length;
      if (failures === outcomes.length && failures > 0) {
        endEpisode('error', usage);
        throw firstError;
      }
      endEpisode(failures > 0 ? 'partial' : 'ok', usage);
      return { episode, outcomes, isPartial: failures > 0, usage, ...(contextCaches.length > 0 ? { contextCaches } : {}) };
    },
  };
}
