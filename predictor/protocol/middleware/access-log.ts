/**
 * @module protocol/middleware/access-log
 * One info line per request once its response closes: method, route template, status,
 * duration and model. Never bodies, headers or query strings (they may hold user text or
 * credentials). The request id comes from the log context.
 */
import type { RequestHandler } from 'express';
import type { Logger } from '../../observability/logger.js';
import { requestState } from '../request-state.js';
import { UNMATCHED_ROUTE, statusOf } from './response-outcome.js';

export interface AccessLogOptions {
  readonly logger: Logger;
  /** Milliseconds; Date.now by default. */
  readonly now?: () => number;
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
      });
    });
    next();
  };
}
