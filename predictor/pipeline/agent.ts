/**
 * @module pipeline/agent
 * One analysis agent: takes an episode, makes one LLM call, returns validated output
 * and what the call cost. Agents are independent, so the orchestrator runs them in parallel.
 */
import type { Usage } from '../contract/usage.js';
import type { GenerateOptions } from '../llm/language-model.js';
import { AGENT_SPECS } from './agents/agent-specs.js';
import type { Episode } from './episode.js';

/** An agent's name: one of the spec list's. */
export type AgentName = (typeof AGENT_SPECS)[number]['name'];

/** The agents' names in pipeline order, from the spec list. */
export const AGENT_NAMES: readonly AgentName[] = AGENT_SPECS.map((spec) => spec.name);

/** Where a chunk sits in a transcript that was split to fit the token budget. */
export interface ChunkPosition {
  /** 0-based. */
  readonly index: number;
  readonly count: number;
}

/** The model (and explicit context cache) a run planner chose for one call. */
export interface PlannedCall {
  readonly modelId: string;
  /** `cachedContents/...` holding the shared prefix (system instruction + this transcript block). */
  readonly cachedContent?: string;
}

export interface AgentInput {
  /** The episode, or one chunk of it (same header, a slice of the segments with their original timestamps). */
  readonly episode: Episode;
  /** Prompt version id, already checked against the prompt registry. */
  readonly promptVersion: string;
  /** Set when `episode` is one chunk of a longer transcript. */
  readonly chunk?: ChunkPosition;
  /** Pre-routed call; absent, the agent routes by prompt size itself and sends no cache. */
  readonly call?: PlannedCall;
  /** Outputs of agents that ran before this one (sequential orchestrators only). */
  readonly priorResults?: readonly AgentResult[];
}

/**
 * What an agent's LLM calls carry, passed on to each call as its options: the signal (client
 * gone, deadline, sibling failure with failOnPartial), the deadline, the cache mode and
 * partition (the caller's principal), and the spend meter of the request.
 */
export interface AgentContext extends GenerateOptions {
  readonly signal: AbortSignal;
}

/** One LLM call behind a result, priced on the version that served it. */
export interface CallRecord {
  readonly usage: Usage;
  readonly modelId: string;
  readonly modelVersion: string;
  readonly isCacheHit: boolean;
  /** Set when a fallback model answered instead of `modelId`. */
  readonly fallbackModel?: string;
}

/** The billing record of one LLM call, from what the call returned and the model id it was routed to. */
export function callRecordOf(
  result: { readonly usage: Usage; readonly modelVersion: string; readonly isCacheHit?: boolean; readonly fallbackModel?: string },
  modelId: string,
): CallRecord {
  return {
    usage: result.usage,
    modelId,
    modelVersion: result.modelVersion,
    isCacheHit: result.isCacheHit === true,
    ...(result.fallbackModel ? { fallbackModel: result.fallbackModel } : {}),
  };
}

export interface AgentResult<TOutput = unknown> {
  readonly agent: AgentName;
  readonly output: TOutput;
  readonly usage: Usage;
  readonly promptVersion: string;
  /** The model id the router picked. */
  readonly modelId: string;
  /** The model version that served the call (price on this). */
  readonly modelVersion: string;
  /** Set when a fallback model answered instead of `modelId`. */
  readonly fallbackModel?: string;
  readonly durationMs: number;
  /** Google Search queries the model ran (0 without grounding). */
  readonly groundingQueryCount: number;
  /** Served from the response cache: nothing billed. */
  readonly isCacheHit: boolean;
  /**
   * Set when the result merges several calls (one per chunk, plus a reduce call): `usage`
   * is their billed sum, and cost is priced per call on each call's own model version.
   */
  readonly calls?: readonly CallRecord[];
  /** Chunks the transcript was split into for this agent (absent: one). */
  readonly chunkCount?: number;
}

export interface Agent<TOutput = unknown> {
  readonly name: AgentName;
  /** Whether the agent's call uses Google Search grounding (billed per query). */
  readonly usesGoogleSearch: boolean;
  run(input: AgentInput, context: AgentContext): Promise<AgentResult<TOutput>>;
}
