/**
 * @module protocol/define-route
 * Declares one route with its handlers per method: labels the request with the route
 * template (for logs and metrics) and its model, and answers every other method with 405
 * and an `Allow` header instead of falling through to 404.
 */
import type { Request, RequestHandler, Router } from 'express';
import { MethodNotAllowedError } from '../errors.js';
import { requestState } from './request-state.js';

export interface RouteDefinition {
  /** Express path, e.g. `/v2/models/:name/infer`; also the route label by default. */
  readonly path: string;
  /** Route label for requests on this path; may depend on the request (e.g. a v1 verb). */
  readonly labelOf?: (request: Request) => string;
  /** The model a request is about; the `:name` path parameter by default. */
  readonly modelNameOf?: (request: Request) => string | undefined;
  readonly get?: readonly RequestHandler[];
  readonly post?: readonly RequestHandler[];
  readonly delete?: readonly RequestHandler[];
}

function nameParameter(request: Request): string | undefined {
  const name: unknown = request.params.name;
  return typeof name === 'string' ? name : undefined;
}

/** Registers `definition` on `router`. GET routes also answer HEAD (Express does that). */
export function defineRoute(router: Router, definition: RouteDefinition): void {
  const { path, labelOf = () => path, modelNameOf = nameParameter, get, post, delete: remove } = definition;
  const allowed = [...(get ? ['GET', 'HEAD'] : []), ...(post ? ['POST'] : []), ...(remove ? ['DELETE'] : [])];
  const route = router.route(path);
  route.all(function labelRoute(request, response, next) {
    const state = requestState(response);
    state.route = labelOf(request);
    const modelName = modelNameOf(request);
    if (modelName !== undefined) state.modelName = modelName;
    next();
  });
  if (get) route.get(...get);
  if (post) route.post(...post);
  if (remove) route.delete(...remove);
  route.all(function methodNotAllowed(request) {
    throw new MethodNotAllowedError(`Method ${request.method} is not allowed here; allowed: ${allowed.join(', ')}`, allowed);
  });
}
