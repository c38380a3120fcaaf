/**
 * @module protocol/middleware/error-handler
 * The one Express error middleware: maps the error through `toHttpError`, logs it (the
 * stack only ever goes to the log), and answers `{"error": msg}`.
 */
import type { ErrorRequestHandler } from 'express';
import { PredictorError } from '../../errors.js';
import type { Logger } from '../../observability/logger.js';
import { fromFrameworkError } from '../framework-errors.js';
import { toHttpError } from '../http-errors.js';
import { requestState } from '../request-state.js';
import { sendJson } from '../send-json.js';
import { setServerTiming } from '../server-timing.js';

export interface ErrorHandlerOptions {
  readonly logger: Logger;
}

/** The app's last middleware: every error becomes a status and `{"error": msg}`. */
export function createErrorHandler({ logger }: ErrorHandlerOptions): ErrorRequestHandler {
  return function errorHandler(error: unknown, request, response, _next) {
    const mapped = error instanceof PredictorError ? error : (fromFrameworkError(error) ?? error);
    const httpError = toHttpError(mapped);
    const route = requestState(response).route;
    if (!httpError.isExpected) {
      logger.error('unhandled error', { error: mapped, method: request.method, route });
    } else if (httpError.status >= 500) {
      logger.warn('request failed', { error: mapped, status: httpError.status, route });
    }
    if (response.headersSent) {
      // Part of a response is out: the only honest signal left is cutting the connection.
      response.destroy();
      return;
    }
    response.set(httpError.headers);
    setServerTiming(response);
    sendJson(response, httpError.status, httpError.body);
  };
}
