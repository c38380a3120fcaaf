/**
 * @module protocol/middleware/limit-concurrency
 * Caps the requests served at once (CONTAINER_CONCURRENCY): one more is refused with 503
 * `overloaded` and Retry-After instead of taking a share of the memory the others need.
 * Knative's queue-proxy enforces the InferenceService's containerConcurrency in serverless
 * mode; in standard mode (a plain Deployment behind a Service) this is the only bound. The
 * app mounts it after the health and metrics routes, so probes and scrapes are never refused.
 * The count is the pod's one admission, shared with gRPC inference calls.
 */
import type { RequestHandler } from 'express';
import type { Admission } from '../admission.js';

export interface ConcurrencyLimitOptions {
  readonly admission: Admission;
}

/** @example app.use(withConcurrencyLimit({ admission: createAdmission(8) })) */
export function withConcurrencyLimit({ admission }: ConcurrencyLimitOptions): RequestHandler {
  return function limitConcurrency(_request, response, next) {
    let release: () => void;
    try {
      release = admission.admit();
    } catch (error) {
      next(error);
      return;
    }
    // 'finish' once the response is handed to the OS (before a proxy can send the next
    // request on its slot); 'close' alone when the client left first.
    response.once('finish', release);
    response.once('close', release);
    next();
  };
}
