/**
 * @module protocol/middleware/limit-concurrency
 * Caps the requests served at once (CONTAINER_CONCURRENCY): one more is refused with 503
 * `overloaded` and Retry-After instead of taking a share of the memory the others need.
 * Knative's queue-proxy enforces the InferenceService's containerConcurrency in serverless
 * mode; in standard mode (a plain Deployment behind a Service) this is the only bound. The
 * app mounts it after the health and metrics routes, so probes and scrapes are never refused.
 */
import type { RequestHandler } from 'express';
import { OverloadedError } from '../../errors.js';

export interface ConcurrencyLimitOptions {
  /** Requests served at once; must be at least 1. */
  readonly maxConcurrent: number;
  readonly retryAfterSeconds?: number;
}

/** @example app.use(withConcurrencyLimit({ maxConcurrent: 8 })) */
export function withConcurrencyLimit({ maxConcurrent, retryAfterSeconds = 1 }: ConcurrencyLimitOptions): RequestHandler {
  let inFlight = 0;
  return function limitConcurrency(_request, response, next) {
    if (inFlight >= maxConcurrent) {
      next(
        new OverloadedError(`The server is serving its limit of ${maxConcurrent} requests at once; retry shortly`, { retryAfterSeconds }),
      );
      return;
    }
    inFlight++;
    let isCounted = true;
    const release = (): void => {
      if (!isCounted) return;
      isCounted = false;
      inFlight--;
    };
    // 'finish' once the response is handed to the OS (before a proxy can send the next
    // request on its slot); 'close' alone when the client left first.
    response.once('finish', release);
    response.once('close', release);
    next();
  };
}
