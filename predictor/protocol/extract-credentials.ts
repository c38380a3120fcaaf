/**
 * @module protocol/extract-credentials
 * Reads credentials from `Authorization: Bearer <token>` and `x-api-key`, validating their
 * shape at the door (length and charset) before any guard sees them.
 */
import { UnauthorizedError } from '../errors.js';
import type { Credentials } from '../contract/access-control.js';

/** RFC 6750 b64token; the scheme name is case-insensitive (RFC 9110 11.1). */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const MAX_TOKEN_LENGTH = 8192;
/** Visible ASCII only: no spaces, no control characters. */
const API_KEY = /^[\x21-\x7e]{1,512}$/;

/** Credentials from the raw header values; throws UnauthorizedError for malformed ones. */
export function extractCredentials(authorization: string | undefined, apiKey: string | undefined): Credentials {
  const credentials: { bearerToken?: string; apiKey?: string } = {};
  if (authorization !== undefined) {
    const match = authorization.length <= MAX_TOKEN_LENGTH + 16 ? BEARER.exec(authorization) : null;
    if (!match) throw new UnauthorizedError('Authorization header must be "Bearer <token>"');
    credentials.bearerToken = match[1]!;
  }
  if (apiKey !== undefined) {
    if (!API_KEY.test(apiKey)) throw new UnauthorizedError('x-api-key header is malformed');
    credentials.apiKey = apiKey;
  }
  return credentials;
}
