/**
 * @module protocol/middleware/request-id
 * Gives every request an id: a sane incoming `x-request-id` is reused (so a mesh's or
 * client's id joins our logs), anything else is replaced by a generated one. The id is
 * echoed in the response and added to every log line written while serving the request.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithLogFields } from '../../observability/log-context.js';
import { requestState } from '../request-state.js';

/** Up to 128 characters a log line or header can carry safely. */
export const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestIdOptions {
  /** Makes a new id; crypto.randomUUID by default. */
  readonly generateRequestId?: () => string;
}

/** @example app.use(withRequestId({ generateRequestId: () => 'fixed' })) */
export function withRequestId({ generateRequestId = randomUUID }: RequestIdOptions = {}): RequestHandler {
  return function requestId(request, response, next) {
    const incoming = request.get('x-request-id');
    const id = incoming !== undefined && VALID_REQUEST_ID.test(incoming) ? incoming : generateRequestId();
    requestState(response).requestId = id;
    response.set('x-request-id', id);
    runWithLogFields({ request_id: id }, () => next());
  };
}
