/**
 * @module contract/request-context
 * What crosses the transport line besides the decoded input: identity of the request and
 * caller, cancellation and the deadline. Plain data, no HTTP.
 */
import type { Tensor } from './tensor.js';

/** An authenticated caller (see security/). `anonymous` when auth is off. */
export interface Principal {
  readonly id: string;
  readonly roles: readonly string[];
  /** How the principal was established. */
  readonly authMethod: 'none' | 'api-key' | 'jwt';
}

export interface RequestContext {
  readonly requestId: string;
  /** Aborted when the client disconnects, the deadline passes or shutdown gives up. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds by which the whole request must finish. */
  readonly deadlineAtMs: number;
  readonly principal: Principal;
  /** W3C traceparent of the incoming request, when present and valid. */
  readonly traceparent?: string;
  /** Told what each upstream call was billed as it answers, so a run that fails later is still charged. */
  readonly spend?: SpendMeter;
  /** Told when each upstream model call starts and ends, so the response can split our time from the model's. */
  readonly upstreamTime?: UpstreamTimer;
  /** Told of each agent as it finishes, for transports that stream; absent: nothing is reported early. */
  readonly progress?: ProgressSink;
}

/** What one upstream call was billed: tokens (input and output) and USD (0 when unpriced). */
export interface Spend {
  readonly tokens: number;
  readonly costUsd: number;
}

export interface SpendMeter {
  add(spend: Spend): void;
}

export interface UpstreamTimer {
  /** Marks a call started; the returned function marks it ended (calls that overlap count once). */
  begin(): () => void;
}

/** A failed agent's slot: what a client sees instead of its output. */
export interface AgentFailure {
  readonly code: string;
  readonly message: string;
}

/**
 * One agent of one episode, finished: what the final response will carry for it, early.
 * `outputs` are the agent's output tensors of shape [1] holding this episode's element, as
 * the response's outputs of shape [N] hold it at `episodeIndex` (a failed agent's element is
 * its `{"error": {code, message}}` object); `text` is its section of the text report.
 */
export interface AgentPart {
  readonly episodeIndex: number;
  readonly agent: string;
  readonly outputs: readonly Tensor[];
  readonly text: string;
  /** Present when the agent failed (the request may still succeed with partial results). */
  readonly error?: AgentFailure;
}

/** Receives each agent's part as it finishes; must not throw or block (the run does not wait). */
export interface ProgressSink {
  agentFinished(part: AgentPart): void;
}

export const ANONYMOUS_PRINCIPAL: Principal = Object.freeze({
  id: 'anonymous',
  roles: Object.freeze(['anonymous']),
  authMethod: 'none',
});
