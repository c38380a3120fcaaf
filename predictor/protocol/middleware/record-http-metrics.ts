/**
 * @module protocol/middleware/record-http-metrics
 * Records each request in the HTTP metrics when its response closes: method, route template
 * (never the raw path) and status, and what it was billed under its caller's principal.
 */
import type { RequestHandler } from 'express';
import type { HttpMetrics } from '../../observability/http-metrics.js';
import { requestState } from '../request-state.js';
import { UNMATCHED_ROUTE, statusOf } from './response-outcome.js';

export interface RecordHttpMetricsOptions {
  readonly httpMetrics: HttpMetrics;
  /** Milliseconds; Date.now by default. */
  readonly now?: () => number;
}

/** @example app.use(withHttpMetrics({ httpMetrics })) */
export function withHttpMetrics({ httpMetrics, now = Date.now }: RecordHttpMetricsOptions): RequestHandler {
  return function recordHttpMetrics(request, response, next) {
    const startedAtMs = now();
    response.once('close', () => {
      const { route, principal, spend } = requestState(response);
      httpMetrics.observeRequest(
        { method: request.method, route: route ?? UNMATCHED_ROUTE, status: statusOf(response) },
        (now() - startedAtMs) / 1000,
      );
      if (spend !== undefined && principal !== undefined) httpMetrics.recordSpend(principal.id, spend);
    });
    next();
  };
}
