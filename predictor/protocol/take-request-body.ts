/**
 * @module protocol/take-request-body
 * Hands a route the raw body that `express.raw` read and drops the request's reference to it.
 * An inference body may be MAX_BODY_BYTES long and the model may run for minutes; once the
 * body is decoded nothing needs the bytes, but `request.body` would keep them alive until
 * the response closes.
 */
import type { Request } from 'express';

/** The body read by `express.raw` (undefined when none was read); `request.body` is cleared. */
export function takeRequestBody(request: Request): Buffer | undefined {
  const body = request.body as Buffer | undefined;
  request.body = undefined;
  return body;
}
