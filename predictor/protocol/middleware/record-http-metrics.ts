/**
 * @module protocol/middleware/record-http-metrics
 * Records each request in the HTTP metrics when its response closes. Labels stay bounded:
 * the route template (never the raw path), and the model name only when it names a served
 * model ("unknown" otherwise; "" for routes without a model).
 */
import type { RequestHandler } from 'express';
import type { HttpMetrics } from '../../observability/http-metrics.js';
import { requestState } from '../request-state.js';
import { UNMATCHED_ROUTE, statusOf } from './response-outcome.js';

export interface RecordHttpMetricsOptions {
  readonly httpMetrics: HttpMetrics;
  readonly isKnownModel: (name: string) => boolean;
  /** Milliseconds; Date.now by default. */
  readonly now?: () => number;
}

/** @example app.use(withHttpMetrics({ httpMetrics, isKnownModel: (name) => registry.has(name) })) */
export function withHttpMetrics({ httpMetrics, isKnownModel, now = Date.now }: RecordHttpMetricsOptions): RequestHandler {
  return function recordHttpMetrics(_request, response, next) {
    const startedAtMs = now();
    response.once('close', () => {
      const { route, modelName } = requestState(response);
      const model = modelName === undefined ? '' : isKnownModel(modelName) ? modelName : 'unknown';
      httpMetrics.observeRequest({ route: route ?? UNMATCHED_ROUTE, model, status: statusOf(response) }, (now() - startedAtMs) / 1000);
    });
    next();
  };
}
