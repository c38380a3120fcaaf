/**
 * @module protocol/middleware/not-found
 * The last handler before the error middleware: no route matched the path.
 */
import type { RequestHandler } from 'express';
import { RouteNotFoundError } from '../../errors.js';

const MAX_ECHOED_PATH_LENGTH = 200;

/** Throws RouteNotFoundError (404) naming the method and path. */
export function createNotFoundHandler(): RequestHandler {
  return function notFound(request) {
    const path = request.path.slice(0, MAX_ECHOED_PATH_LENGTH);
    throw new RouteNotFoundError(`No route for ${request.method} ${path}`);
  };
}
