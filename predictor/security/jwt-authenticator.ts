/**
 * @module security/jwt-authenticator
 * Verifies bearer JWTs with jose against a remote JWKS or static PEM keys: signature,
 * issuer, audience, expiry (required) and not-before, then maps a roles claim to roles.
 * Only asymmetric algorithms are accepted, so a public key can never act as an HMAC secret.
 * Every candidate key (by kid, then by type; see jwt-key-candidates) is tried until one
 * verifies the signature. The principal is `sub`, which must be a non-blank string.
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Principal } from '../contract/request-context.js';
import { AuthenticationFailure, type AuthenticationFailureReason } from './authentication-failure.js';
import { jwksKeyCandidates, staticKeyCandidates, type KeyCandidates, type KeyHint } from './jwt-key-candidates.js';

const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

export interface JwtAuthenticatorOptions {
  readonly issuer: string;
  readonly audience: string;
  /** Exactly one of `jwksUrl` and `publicKeysPem`. */
  readonly jwksUrl?: string;
  /** One or more concatenated SPKI PEM blocks (several allow key rotation). */
  readonly publicKeysPem?: string;
  /** Claim with the roles; dots walk into nested objects (`realm_access.roles`). */
  readonly rolesClaim: string;
  readonly clockToleranceSeconds: number;
  /** Epoch milliseconds; injected so expiry is testable. */
  readonly now?: () => number;
  /** JWKS fetch timeout. */
  readonly jwksTimeoutMs?: number;
}

/** Verifies a bearer token and returns its principal; throws AuthenticationFailure. */
export type JwtAuthenticator = (token: string) => Promise<Principal>;

/** Roles from a claim holding an array of strings or a space-separated string (OAuth `scope` style). */
export function rolesFromClaims(payload: JWTPayload, claimPath: string): string[] {
  let value: unknown = payload;
  for (const part of claimPath.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((role): role is string => typeof role === 'string' && role.length > 0);
  return [];
}

function failureReason(error: unknown): AuthenticationFailureReason {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'wrong_issuer';
    if (error.claim === 'aud') return 'wrong_audience';
    if (error.claim === 'nbf') return 'not_yet_valid';
    if (error.claim === 'sub') return 'missing_subject';
    return 'malformed_token';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) return 'bad_signature';
  if (error instanceof errors.JWKSTimeout || error instanceof TypeError) return 'key_source_unavailable';
  if (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') return 'key_source_unavailable';
  return 'malformed_token';
}

const CLIENT_MESSAGES: Partial<Record<AuthenticationFailureReason, string>> = {
  expired: 'Token expired',
  key_source_unavailable: 'Token could not be verified right now',
};

/** The signing algorithm and kid of a token, or a failure when the header is unreadable or names a disallowed algorithm. */
function keyHintOf(token: string): KeyHint {
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch (error) {
    throw new AuthenticationFailure('malformed_token', 'Invalid token', { cause: error });
  }
  // Checked before any key is chosen: `none` and HMAC (a public key as shared secret) never reach a key.
  if (typeof header.alg !== 'string' || !ASYMMETRIC_ALGORITHMS.includes(header.alg)) {
    throw new AuthenticationFailure('malformed_token', 'Invalid token');
  }
  return { alg: header.alg, ...(typeof header.kid === 'string' ? { kid: header.kid } : {}) };
}

/** `sub` names the principal in policies, limits, logs and cache partitions: a number, array, null or blank string names no one. */
function subjectOf(payload: JWTPayload): string {
  const subject: unknown = payload.sub;
  if (typeof subject !== 'string' || subject.trim() === '') {
    throw new AuthenticationFailure('invalid_subject', 'Invalid token');
  }
  return subject;
}

/**
 * Creates the verifier; the remote JWKS is fetched lazily, cached and refreshed by jose
 * (an unknown `kid` triggers a refetch, rate-limited by jose's cooldown).
 * @example const verify = createJwtAuthenticator({ issuer, audience, jwksUrl, rolesClaim: 'roles', clockToleranceSeconds: 30 });
 */
export function createJwtAuthenticator(options: JwtAuthenticatorOptions): JwtAuthenticator {
  const { issuer, audience, rolesClaim, clockToleranceSeconds, now = Date.now } = options;
  let candidates: KeyCandidates;
  if (options.jwksUrl !== undefined) {
    candidates = jwksKeyCandidates(createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: options.jwksTimeoutMs ?? 5000 }));
  } else if (options.publicKeysPem !== undefined) {
    candidates = staticKeyCandidates(options.publicKeysPem);
  } else {
    throw new Error('createJwtAuthenticator needs jwksUrl or publicKeysPem');
  }

  async function verify(token: string): Promise<JWTPayload> {
    const verifyOptions = {
      issuer,
      audience,
      algorithms: ASYMMETRIC_ALGORITHMS,
      clockTolerance: clockToleranceSeconds,
      currentDate: new Date(now()),
      requiredClaims: ['exp', 'sub'],
    };
    // No key of the token's type at all reads as a bad signature, as jose's JWKS says it.
    let lastError: unknown = new errors.JWKSNoMatchingKey();
    for await (const key of candidates(keyHintOf(token))) {
      try {
        return (await jwtVerify(token, key, verifyOptions)).payload;
      } catch (error) {
        lastError = error;
        // Only a signature mismatch says "not this key"; a claim failure (expiry, audience)
        // comes after a verified signature and holds whichever key is tried.
        if (!(error instanceof errors.JWSSignatureVerificationFailed)) break;
      }
    }
    throw lastError;
  }

  return async function authenticateJwt(token) {
    try {
      const payload = await verify(token);
      return { id: subjectOf(payload), roles: rolesFromClaims(payload, rolesClaim), authMethod: 'jwt' };
    } catch (error) {
      if (error instanceof AuthenticationFailure) throw error;
      const reason = failureReason(error);
      throw new AuthenticationFailure(reason, CLIENT_MESSAGES[reason] ?? 'Invalid token', { cause: error });
    }
  };
}
