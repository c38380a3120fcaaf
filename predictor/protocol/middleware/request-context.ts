/**
 * @module protocol/middleware/request-context
 * Builds the RequestContext of each request: its id, a deadline `requestTimeoutMs` from now,
 * a valid W3C `traceparent`, and an AbortSignal that aborts when the deadline passes, when
 * the client goes away before the response is sent, or when shutdown gives up. Each request
 * is registered with the in-flight tracker until its response closes.
 */
import type { RequestHandler } from 'express';
import { CancelledError, DeadlineExceededError } from '../../errors.js';
import type { InFlightRequests } from '../in-flight-requests.js';
import { addSpend, requestState } from '../request-state.js';
import { createRequestTimer } from '../server-timing.js';
import { validTraceparent } from '../traceparent.js';

export interface RequestContextOptions {
  readonly requestTimeoutMs: number;
  readonly inFlight: InFlightRequests;
  /** Epoch milliseconds; Date.now by default. */
  readonly now?: () => number;
}

/** Must run after `withRequestId`; handlers read the result with `contextOf(response)`. */
export function withRequestContext({ requestTimeoutMs, inFlight, now = Date.now }: RequestContextOptions): RequestHandler {
  return function requestContext(request, response, next) {
    const state = requestState(response);
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DeadlineExceededError(`Request did not finish within its ${requestTimeoutMs} ms deadline`)),
      requestTimeoutMs,
    );
    timer.unref();
    const release = inFlight.track(controller);
    // The response's 'close' (not the request's, which fires once the body is read) tells
    // whether the client left before we answered.
    response.once('close', () => {
      clearTimeout(timer);
      if (!response.writableFinished) controller.abort(new CancelledError('Client closed the connection before the response was sent'));
      release();
    });
    const traceparent = validTraceparent(request.get('traceparent'));
    state.timer = createRequestTimer();
    state.context = {
      upstreamTime: state.timer,
      requestId: state.requestId ?? 'unknown',
      signal: controller.signal,
      deadlineAtMs: now() + requestTimeoutMs,
      ...(traceparent !== undefined ? { traceparent } : {}),
      // What each upstream call is billed, as it answers: the access log and spend metrics read it.
      spend: { add: (call) => addSpend(state, call) },
    };
    next();
  };
}
