/**
 * @module protocol/admission
 * The one count of inference requests a pod serves at once (CONTAINER_CONCURRENCY), shared
 * by REST and gRPC: the memory budget assumes that many requests in all, whichever protocol
 * they came by. One more is refused as overloaded, with retry advice.
 */
import { OverloadedError } from '../errors.js';

export interface Admission {
  /** Counts a request in and returns its release (idempotent), or throws OverloadedError when full. */
  admit(): () => void;
}

/** `maxConcurrent` 0 admits everything. @example const admission = createAdmission(config.server.containerConcurrency); */
export function createAdmission(maxConcurrent: number, retryAfterSeconds = 1): Admission {
  let inFlight = 0;
  return {
    admit() {
      if (maxConcurrent > 0 && inFlight >= maxConcurrent) {
        throw new OverloadedError(`The server is serving its limit of ${maxConcurrent} requests at once; retry shortly`, {
          retryAfterSeconds,
        });
      }
      inFlight++;
      let isCounted = true;
      return () => {
        if (!isCounted) return;
        isCounted = false;
        inFlight--;
      };
    },
  };
}
