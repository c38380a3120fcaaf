/**
 * @module pipeline/run-planned-agent
 * Runs one agent as the episode plan says: one call on the whole transcript, or one call per
 * chunk (bounded concurrency, original timestamps) followed by the agent's reduce step. A
 * chunk failure stops that agent's other chunk calls and fails the agent.
 */
import { sumUsage } from '../contract/usage.js';
import { callRecordOf, type Agent, type AgentContext, type AgentInput, type AgentResult } from './agent.js';
import type { ChunkReducer } from './chunking/chunk-reducers.js';
import type { EpisodePlan } from './episode-plan.js';
import { mapWithConcurrency } from './map-with-concurrency.js';

export interface ChunkRunSettings {
  /** Chunk calls of one agent in flight at once. */
  readonly concurrency: number;
  readonly reducers: Readonly<Record<string, ChunkReducer>>;
}

export interface RunPlannedAgentOptions {
  readonly agent: Agent;
  readonly plan: EpisodePlan;
  /** The full-episode input. */
  readonly input: AgentInput;
  readonly context: AgentContext;
  /** Required when the plan has more than one chunk. */
  readonly chunking?: ChunkRunSettings;
  readonly now: () => number;
}

/** The agent's result over the whole episode. */
export async function runPlannedAgent({ agent, plan, input, context, chunking, now }: RunPlannedAgentOptions): Promise<AgentResult> {
  if (plan.chunks.length <= 1) {
    const call = plan.calls[0]?.[agent.name];
    return agent.run({ ...input, ...(call ? { call } : {}) }, context);
  }
  const reduce = chunking?.reducers[agent.name];
  if (chunking === undefined || reduce === undefined) throw new Error(`No chunk settings or reducer for agent ${agent.name}`);
  const startedAtMs = now();
  const stop = new AbortController();
  const signal = AbortSignal.any([context.signal, stop.signal]);
  const chunkContext = { ...context, signal };
  let parts: AgentResult[];
  try {
    parts = await mapWithConcurrency(plan.chunks, chunking.concurrency, (chunk) => {
      const call = plan.calls[chunk.index]?.[agent.name];
      const chunkInput = { ...input, episode: chunk.episode, chunk: { index: chunk.index, count: chunk.count }, ...(call ? { call } : {}) };
      return agent.run(chunkInput, chunkContext);
    });
  } catch (error) {
    stop.abort(error);
    throw error;
  }
  const reduced = await reduce(
    parts.map((part) => part.output),
    input,
    context,
  );
  const calls = [...parts.map((part) => callRecordOf(part, part.modelId)), ...(reduced.call ? [reduced.call] : [])];
  const billed = calls.filter((call) => !call.isCacheHit);
  const fallbackModel = parts.find((part) => part.fallbackModel !== undefined)?.fallbackModel;
  return {
    agent: agent.name,
    output: reduced.output,
    usage: sumUsage(billed.map((call) => call.usage)),
    promptVersion: parts[0]?.promptVersion ?? input.promptVersion,
    modelId: parts[0]?.modelId ?? '',
    modelVersion: parts[0]?.modelVersion ?? '',
    ...(fallbackModel === undefined ? {} : { fallbackModel }),
    durationMs: Math.max(0, now() - startedAtMs),
    groundingQueryCount: parts.reduce((total, part) => total + part.groundingQueryCount, 0),
    isCacheHit: calls.every((call) => call.isCacheHit),
    calls,
    chunkCount: plan.chunks.length,
  };
}
