/**
 * @module protocol/request-state
 * What the middleware learns about a request (route template, model, request id, context,
 * caller), kept on `response.locals` under typed accessors so logs, metrics and handlers
 * read the same values.
 */
import type { Response } from 'express';
import { ANONYMOUS_PRINCIPAL, type Principal, type RequestContext } from '../contract/request-context.js';
import type { RequestTimer } from './server-timing.js';

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
