/**
 * @module protocol/middleware/access-log
 * One info line per request once its response closes: method, route template, status,
 * duration and model, and for inference who spent what: the principal, the billed tokens
 * and USD (failed requests included), the served model versions, whether the response
 * cache answered and whether the result was partial. Never bodies, headers or query
 * strings (they may hold user text or credentials). The request id comes from the log
 * context.
 */
import type { RequestHandler } from 'express';
import type { Logger } from '../../observability/logger.js';
import { requestState, type RequestState } from '../request-state.js';
import { UNMATCHED_ROUTE, statusOf } from './response-outcome.js';

export interface AccessLogOptions {
  readonly logger: Logger;
  /** Milliseconds; Date.now by default. */
  readonly now?: () => number;
}

/** The spend and inference fields of a line, only those the request has. */
function spendFields({ principal, spend, inference }: RequestState): Record<string, string | number | boolean> {
  return {
    ...(principal !== undefined ? { principal: principal.id } : {}),
    ...(spend !== undefined ? { tokens: spend.tokens, cost_usd: Number(spend.costUsd.toFixed(6)) } : {}),
    ...(inference?.servedModels !== undefined ? { served_models: inference.servedModels } : {}),
    ...(inference?.isCacheHit !== undefined ? { cache_hit: inference.isCacheHit } : {}),
    ...(inference?.isPartial !== undefined ? { partial: inference.isPartial } : {}),
  };
}

/** @example app.use(withAccessLog({ logger })) */
export function withAccessLog({ logger, now = Date.now }: AccessLogOptions): RequestHandler {
  return function accessLog(request, response, next) {
    const startedAtMs = now();
    response.once('close', () => {
      const state = requestState(response);
      logger.info('http request', {
        method: request.method,
        route: state.route ?? UNMATCHED_ROUTE,
        status: statusOf(response),
        duration_ms: now() - startedAtMs,
        ...(state.modelName !== undefined ? { model: state.modelName } : {}),
        ...(state.requestId !== undefined ? { request_id: state.requestId } : {}),
        ...spendFields(state),
      });
    });
    next();
  };
}
