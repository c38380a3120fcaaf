/**
 * @module protocol/request-state
 * What the middleware learns about a request (route template, model, request id, context,
 * caller), kept on `response.locals` under typed accessors so logs, metrics and handlers
 * read the same values.
 */
import type { Response } from 'express';
import { ANONYMOUS_PRINCIPAL, type Principal, type RequestContext, type Spend } from '../contract/request-context.js';
import type { ModelResponse } from '../contract/tensor.js';
import type { RequestTimer } from './server-timing.js';

/** What an answered inference reported, for the access log. */
export interface InferenceSummary {
  /** Model versions that served its LLM calls (comma list), when the model reports them. */
  readonly servedModels?: string;
  readonly isCacheHit?: boolean;
  readonly isPartial?: boolean;
}

/** Per-request facts shared by middleware, handlers, logs and metrics. */
export interface RequestState {
  /** Route template (bounded label), set once a route claims the request. */
  route?: string;
  /** Model name from the URL, when the route has one. */
  modelName?: string;
  requestId?: string;
  /** The context without the caller, built by `withRequestContext`. */
  context?: Omit<RequestContext, 'principal'>;
  /** Times the request and its upstream calls, for `Server-Timing`. */
  timer?: RequestTimer;
  /** Set by `requireAccess`; anonymous when no access guard is configured. */
  principal?: Principal;
  /** What the request's upstream calls were billed so far (the context's spend meter adds to it). */
  spend?: { tokens: number; costUsd: number };
  /** Set when an inference answered. */
  inference?: InferenceSummary;
}

/** Adds one billed call to the request's spend. */
export function addSpend(state: RequestState, call: Spend): void {
  state.spend ??= { tokens: 0, costUsd: 0 };
  state.spend.tokens += call.tokens;
  state.spend.costUsd += call.costUsd;
}

/**
 * Records what an answered inference reported: its billed usage (what request limits settle,
 * so it replaces the running sum) and the `models`, `cache_hit` and `partial` response
 * parameters a model may set.
 */
export function recordInference(response: Response, modelResponse: ModelResponse): void {
  const state = requestState(response);
  const { parameters = {}, usage } = modelResponse;
  if (usage !== undefined) state.spend = { tokens: usage.tokens, costUsd: usage.costUsd ?? 0 };
  state.inference = {
    ...(typeof parameters.models === 'string' && parameters.models !== '' ? { servedModels: parameters.models } : {}),
    ...(typeof parameters.cache_hit === 'boolean' ? { isCacheHit: parameters.cache_hit } : {}),
    ...(typeof parameters.partial === 'boolean' ? { isPartial: parameters.partial } : {}),
  };
}

/** The typed state of the request `response` answers. */
export function requestState(response: Response): RequestState {
  return response.locals as RequestState;
}

/** The RequestContext handed to the data plane. */
export function contextOf(response: Response): RequestContext {
  const state = requestState(response);
  if (state.context === undefined) throw new Error('withRequestContext must run before route handlers');
  return { ...state.context, principal: state.principal ?? ANONYMOUS_PRINCIPAL };
}
