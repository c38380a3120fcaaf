/**
 * @module jobs/job-not-found-error
 * A job id that does not resolve: malformed, signed for another model or caller, tampered
 * with, or naming an upstream batch that no longer exists. All look the same to a client
 * (404), so ids cannot be used to probe which upstream batches exist.
 */
import { RouteNotFoundError } from '../errors.js';

/** Reuses the `route_not_found` code (404) until errors.ts has a job-specific one. */
export class JobNotFoundError extends RouteNotFoundError {
  constructor(options?: { readonly cause?: unknown }) {
    super('Job not found', options);
  }
}
