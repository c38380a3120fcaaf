/**
 * @module security/jwt-key-candidates
 * Which keys may have signed a token, in the order worth trying: the key named by the
 * token's `kid` first, then every other key whose type fits the token's `alg`. Key rotation
 * often spans key types (an RSA key retiring while an EC key takes over, or both published
 * in one JWKS), and stopping at the first key of another type refuses valid tokens. A kid is
 * only a hint: the signature check decides, so a stale or missing kid costs a few attempts,
 * never a valid token.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, errors, exportJWK, type CryptoKey, type JWTVerifyGetKey } from 'jose';

/** A key jose can verify with. */
export type VerificationKey = KeyObject | CryptoKey;

/** The parts of the token's protected header that select keys. */
export interface KeyHint {
  readonly alg: string;
  readonly kid?: string;
}

/** Yields candidate keys for a token's header, kid matches first, each key once. */
export type KeyCandidates = (hint: KeyHint) => AsyncIterable<VerificationKey>;

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g;

/** Node key type (and EC curve) each JWS algorithm verifies with (RFC 7518 §3, RFC 8037). */
const KEY_TYPES_BY_ALGORITHM: Readonly<Record<string, readonly string[]>> = {
  RS256: ['rsa'],
  RS384: ['rsa'],
  RS512: ['rsa'],
  PS256: ['rsa', 'rsa-pss'],
  PS384: ['rsa', 'rsa-pss'],
  PS512: ['rsa', 'rsa-pss'],
  ES256: ['ec:prime256v1'],
  ES384: ['ec:secp384r1'],
  ES512: ['ec:secp521r1'],
  EdDSA: ['ed25519', 'ed448'],
  Ed25519: ['ed25519'],
};

function keyTypeOf(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return key.asymmetricKeyType === 'ec' ? `ec:${curve ?? ''}` : (key.asymmetricKeyType ?? '');
}

/** Whether `key` can verify a signature made with `alg`. */
export function fitsAlgorithm(key: KeyObject, alg: string): boolean {
  return KEY_TYPES_BY_ALGORITHM[alg]?.includes(keyTypeOf(key)) ?? false;
}

interface StaticKey {
  readonly key: KeyObject;
  /** RFC 7638 thumbprint, the kid many issuers give a key that has no other name. */
  readonly thumbprint: Promise<string>;
}

/**
 * Candidates from static SPKI PEM blocks (`JWT_PUBLIC_KEY`, several allow rotation). PEM keys
 * carry no kid, so a token's kid is matched against each key's RFC 7638 thumbprint.
 */
export function staticKeyCandidates(pem: string): KeyCandidates {
  const blocks = pem.replaceAll('\\n', '\n').match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new Error('JWT_PUBLIC_KEY holds no PEM public key');
  const keys: StaticKey[] = blocks.map((block) => {
    const key = createPublicKey(block);
    const thumbprint = exportJWK(key).then((jwk) => calculateJwkThumbprint(jwk));
    thumbprint.catch(() => undefined);
    return { key, thumbprint };
  });
  return async function* staticCandidates({ alg, kid }) {
    const fitting = keys.filter(({ key }) => fitsAlgorithm(key, alg));
    const named = kid === undefined ? [] : await filterAsync(fitting, async ({ thumbprint }) => (await thumbprint.catch(() => '')) === kid);
    for (const { key } of [...named, ...fitting.filter((candidate) => !named.includes(candidate))]) yield key;
  };
}

async function filterAsync<T>(items: readonly T[], predicate: (item: T) => Promise<boolean>): Promise<T[]> {
  const verdicts = await Promise.all(items.map(predicate));
  return items.filter((_, index) => verdicts[index]);
}

/** Every key a JWKS resolver offers for `header`: one, several (jose reports them in its error), or none. */
async function* keysFromResolver(resolve: JWTVerifyGetKey, header: KeyHint): AsyncGenerator<VerificationKey> {
  let key: VerificationKey;
  try {
    // No token part: the resolver then selects on this header alone (jose merges both).
    key = (await resolve({ ...header }, { payload: '', signature: '' })) as VerificationKey;
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey) return;
    if (error instanceof errors.JWKSMultipleMatchingKeys) {
      yield* error;
      return;
    }
    throw error;
  }
  yield key;
}

/**
 * Candidates from a JWKS resolver (jose's `createRemoteJWKSet`: cached, refetched when a kid
 * is unknown). The resolver already matches key type and curve to `alg`; with a kid, the
 * keys it names come first, then the other keys of the right type.
 */
export function jwksKeyCandidates(resolve: JWTVerifyGetKey): KeyCandidates {
  return async function* jwksCandidates({ alg, kid }) {
    const seen = new Set<VerificationKey>();
    const lookups: KeyHint[] = kid === undefined ? [{ alg }] : [{ alg, kid }, { alg }];
    for (const lookup of lookups) {
      for await (const key of keysFromResolver(resolve, lookup)) {
        if (seen.has(key)) continue;
        seen.add(key);
        yield key;
      }
    }
  };
}
