/**
 * @module protocol/middleware/require-access
 * The access-control hook of a route: authenticates the caller through the injected
 * AccessGuard, authorises `action` on the route's model, and records the principal for the
 * RequestContext. Without a guard every caller is the anonymous principal. New routes
 * (jobs, feedback) reuse it with their own action.
 */
import type { Request, RequestHandler } from 'express';
import type { AccessGuard, Action } from '../../contract/access-control.js';
import { ANONYMOUS_PRINCIPAL } from '../../contract/request-context.js';
import { extractCredentials } from '../extract-credentials.js';
import { requestState } from '../request-state.js';

/** Model name for authorisation when a route is not about one model. */
export const ANY_MODEL = '*';

export interface RequireAccessOptions {
  /** No guard: access is open and the principal is anonymous. */
  readonly accessGuard?: AccessGuard | undefined;
  readonly action: Action;
  /** The model the action applies to; the `:name` path parameter by default. */
  readonly modelNameOf?: (request: Request) => string;
}

function nameParameter(request: Request): string {
  const name: unknown = request.params.name;
  return typeof name === 'string' ? name : ANY_MODEL;
}

/**
 * @example router.post('/jobs', requireAccess({ accessGuard, action: 'jobs', modelNameOf: () => ANY_MODEL }), handler)
 */
export function requireAccess({ accessGuard, action, modelNameOf = nameParameter }: RequireAccessOptions): RequestHandler {
  return async function checkAccess(request, response, next) {
    if (accessGuard === undefined) {
      requestState(response).principal = ANONYMOUS_PRINCIPAL;
      next();
      return;
    }
    const credentials = extractCredentials(request.get('authorization'), request.get('x-api-key'));
    const principal = await accessGuard.authenticate(credentials);
    accessGuard.authorize(principal, modelNameOf(request), action);
    requestState(response).principal = principal;
    next();
  };
}
