/**
 * @module security/jwt-authenticator
 * Verifies bearer JWTs with jose against a remote JWKS or static PEM keys: signature,
 * issuer, audience, expiry (required) and not-before, then maps a roles claim to roles.
 * Only asymmetric algorithms are accepted, so a public key can never act as an HMAC secret.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Principal } from '../dataplane/request-context.js';
import { AuthenticationFailure, type AuthenticationFailureReason } from './authentication-failure.js';

const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g;

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

function parsePublicKeys(pem: string): KeyObject[] {
  const blocks = pem.replaceAll('\\n', '\n').match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new Error('JWT_PUBLIC_KEY holds no PEM public key');
  return blocks.map((block) => createPublicKey(block));
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

/**
 * Creates the verifier; the remote JWKS is fetched lazily, cached and refreshed by jose
 * (an unknown `kid` triggers a refetch, rate-limited by jose's cooldown).
 * @example const verify = createJwtAuthenticator({ issuer, audience, jwksUrl, rolesClaim: 'roles', clockToleranceSeconds: 30 });
 */
export function createJwtAuthenticator(options: JwtAuthenticatorOptions): JwtAuthenticator {
  const { issuer, audience, rolesClaim, clockToleranceSeconds, now = Date.now } = options;
  let keySources: (KeyObject | JWTVerifyGetKey)[];
  if (options.jwksUrl !== undefined) {
    keySources = [createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: options.jwksTimeoutMs ?? 5000 })];
  } else if (options.publicKeysPem !== undefined) {
    keySources = parsePublicKeys(options.publicKeysPem);
  } else {
    throw new Error('createJwtAuthenticator needs jwksUrl or publicKeysPem');
  }

  const verifyWith = (token: string, key: KeyObject | JWTVerifyGetKey) => {
    const verifyOptions = {
      issuer,
      audience,
      algorithms: ASYMMETRIC_ALGORITHMS,
      clockTolerance: clockToleranceSeconds,
      currentDate: new Date(now()),
      requiredClaims: ['exp', 'sub'],
    };
    return typeof key === 'function' ? jwtVerify(token, key, verifyOptions) : jwtVerify(token, key, verifyOptions);
  };

  return async function authenticateJwt(token) {
    let lastError: unknown;
    // Static keys are tried in turn (rotation); a JWKS resolver picks its key by `kid` itself.
    for (const key of keySources) {
      try {
        const { payload } = await verifyWith(token, key);
        return { id: String(payload.sub), roles: rolesFromClaims(payload, rolesClaim), authMethod: 'jwt' };
      } catch (error) {
        lastError = error;
        if (!(error instanceof errors.JWSSignatureVerificationFailed)) break;
      }
    }
    const reason = failureReason(lastError);
    throw new AuthenticationFailure(reason, CLIENT_MESSAGES[reason] ?? 'Invalid token', { cause: lastError });
  };
}
