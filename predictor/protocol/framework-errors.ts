/**
 * @module protocol/framework-errors
 * Turns errors raised by Express, its router and body-parser (http-errors objects with a
 * `status` and a `type`) into our PredictorErrors, with our own wording, so the one error
 * table applies to them too and their internal messages never reach a client.
 */
import { CancelledError, InvalidInputError, PayloadTooLargeError, type PredictorError } from '../errors.js';

interface HttpErrorLike {
  readonly status?: unknown;
  readonly type?: unknown;
  readonly limit?: unknown;
  readonly encoding?: unknown;
}

/**
 * The PredictorError a framework error stands for, or undefined when it is not one we
 * know (the caller then answers a generic 500).
 */
export function fromFrameworkError(error: unknown): PredictorError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, type, limit, encoding } = error as HttpErrorLike;
  if (type === 'entity.too.large') {
    return new PayloadTooLargeError(`Request body is larger than the limit of ${String(limit)} bytes`, { cause: error });
  }
  if (type === 'request.aborted') return new CancelledError('Client aborted the request body', { cause: error });
  if (type === 'encoding.unsupported') {
    return new InvalidInputError(`Unsupported Content-Encoding '${String(encoding)}'; use gzip, deflate, br or identity`, {
      cause: error,
    });
  }
  // The router marks undecodable path parameters (bad percent-encoding) as a 400 URIError.
  if (error instanceof URIError && status === 400) {
    return new InvalidInputError('Malformed percent-encoding in the URL path', { cause: error });
  }
  if (status === 400) {
    return new InvalidInputError('Request body could not be read (length mismatch or corrupt encoding)', { cause: error });
  }
  return undefined;
}
