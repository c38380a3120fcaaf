/**
 * @module protocol/middleware/response-outcome
 * How logs and metrics name a finished request: the route label of requests no route
 * claimed, and the status of responses the client never received.
 */
import type { Response } from 'express';

/** Route label for requests that matched no route (bounded, unlike the raw path). */
export const UNMATCHED_ROUTE = 'unmatched';

/** nginx's "client closed request", for responses cut off before they finished. */
export const CLIENT_CLOSED_STATUS = 499;

/** The status the client got, or 499 when the connection closed first. */
export function statusOf(response: Response): number {
  return response.writableFinished ? response.statusCode : CLIENT_CLOSED_STATUS;
}
