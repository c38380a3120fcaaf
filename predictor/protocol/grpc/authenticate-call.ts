/**
 * @module protocol/grpc/authenticate-call
 * REST's access check for a gRPC call: credentials from the `authorization: Bearer <token>`
 * and `x-api-key` metadata, checked at the door by the same extractor, then the same
 * AccessGuard authenticates the caller and authorises the action on the model.
 */
import type { Metadata } from '@grpc/grpc-js';
import type { AccessGuard, Action } from '../../contract/access-control.js';
import { ANONYMOUS_PRINCIPAL, type Principal } from '../../contract/request-context.js';
import { extractCredentials } from '../extract-credentials.js';
import { metadataText } from './grpc-call-scope.js';

export interface AuthenticateCallOptions {
  readonly metadata: Metadata;
  /** No guard: access is open and the principal is anonymous. */
  readonly accessGuard: AccessGuard | undefined;
  readonly modelName: string;
  readonly action: Action;
}

/** The caller; throws UnauthorizedError or ForbiddenError as REST's requireAccess does. */
export async function authenticateCall({ metadata, accessGuard, modelName, action }: AuthenticateCallOptions): Promise<Principal> {
  if (accessGuard === undefined) return ANONYMOUS_PRINCIPAL;
  const credentials = extractCredentials(metadataText(metadata, 'authorization'), metadataText(metadata, 'x-api-key'));
  const principal = await accessGuard.authenticate(credentials);
  accessGuard.authorize(principal, modelName, action);
  return principal;
}
