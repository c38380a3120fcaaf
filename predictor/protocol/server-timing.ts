/**
 * @module protocol/server-timing
 * The `Server-Timing` header of an inference response: how long the request took in all,
 * how much of it the LLM backend was answering (any call in flight: parallel agents count
 * once), and the rest, the predictor's own time (decoding, guardrails, queueing for a
 * bulkhead slot, retry back-off, encoding). Browsers' dev tools and curl -v show it as is.
 */
import type { Response } from 'express';
import type { UpstreamTimer } from '../contract/request-context.js';
import { requestState } from './request-state.js';

/** Counts the time at least one upstream call was in flight. */
export interface RequestTimer extends UpstreamTimer {
  /** Milliseconds since the timer was created. */
  totalMs(): number;
  /** Milliseconds during which at least one call was in flight. */
  upstreamMs(): number;
}

/** @example const timer = createRequestTimer(); const end = timer.begin(); ...; end(); timer.upstreamMs() */
export function createRequestTimer(now: () => number = () => performance.now()): RequestTimer {
  const startedAt = now();
  let inFlight = 0;
  let busySince = 0;
  let busyMs = 0;
  return {
    begin() {
      if (inFlight++ === 0) busySince = now();
      let isEnded = false;
      return () => {
        if (isEnded) return;
        isEnded = true;
        if (--inFlight === 0) busyMs += now() - busySince;
      };
    },
    totalMs: () => now() - startedAt,
    upstreamMs: () => busyMs + (inFlight > 0 ? now() - busySince : 0),
  };
}

const milliseconds = (value: number): string => value.toFixed(1);

/** The header value: `total`, `llm` (waiting on the LLM backend) and `predictor` (the rest). */
export function serverTimingOf(timer: RequestTimer): string {
  const total = timer.totalMs();
  const upstream = Math.min(total, timer.upstreamMs());
  return [
    `total;dur=${milliseconds(total)}`,
    `llm;dur=${milliseconds(upstream)};desc="waiting on the LLM backend"`,
    `predictor;dur=${milliseconds(total - upstream)};desc="predictor's own time"`,
  ].join(', ');
}

/** Sets `Server-Timing` on `response` from its request's timer, when it has one and nothing was sent yet. */
export function setServerTiming(response: Response): void {
  const timer = requestState(response).timer;
  if (timer !== undefined && !response.headersSent) response.setHeader('Server-Timing', serverTimingOf(timer));
}
