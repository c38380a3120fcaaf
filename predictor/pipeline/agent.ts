/**
 * @module pipeline/agent
 * One analysis agent: takes an episode, makes one LLM call, returns validated output
 * and what the call cost. Agents are independent, so the orchestrator runs them in parallel.
 */
import type { Usage } from '../llm/usage.js';
import type { Episode } from './episode.js';

export const AGENT_NAMES = ['summarizer', 'insights', 'fact-checker'] as const;

export type AgentName = (typeof AGENT_NAMES)[number];

export interface AgentInput {
  readonly episode: Episode;
  /** Prompt version id, already checked against the prompt registry. */
  readonly promptVersion: string;
}

export interface AgentContext {
  /** Aborts the LLM call (client gone, deadline, sibling failure with failOnPartial). */
  readonly signal: AbortSignal;
  /** Epoch ms by which the call must finish. */
  readonly deadlineAtMs?: number;
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
}

export interface Agent<TOutput = unknown> {
  readonly name: AgentName;
  /** Whether the agent's call uses Google Search grounding (billed per query). */
  readonly usesGoogleSearch: boolean;
  run(input: AgentInput, context: AgentContext): Promise<AgentResult<TOutput>>;
}
