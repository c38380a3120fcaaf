/**
 * @module security/api-key-authenticator
 * API keys kept only as SHA-256 hashes: the presented key is hashed and compared against
 * every stored hash in constant time (no early exit), so response time says nothing about
 * which or how many bytes matched. Revoked keys stay listed so their use is logged as such.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Principal } from '../contract/request-context.js';
import { ConfigError } from '../errors.js';
import { AuthenticationFailure } from './authentication-failure.js';
import { compileDocumentSchema, parsePolicyDocument } from './parse-policy-document.js';

/** One entry of the API keys file. */
export interface ApiKeyRecord {
  readonly id: string;
  /** Lower-case hex SHA-256 of the key (`printf %s "$KEY" | sha256sum`). */
  readonly sha256: string;
  readonly roles: readonly string[];
  readonly revoked?: boolean;
}

export const API_KEYS_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['keys'],
  properties: {
    keys: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'sha256', 'roles'],
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$' },
          sha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
          roles: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 128 } },
          revoked: { type: 'boolean' },
        },
      },
    },
  },
};

const validateApiKeysFile = compileDocumentSchema<{ keys: ApiKeyRecord[] }>(API_KEYS_FILE_SCHEMA);

/** SHA-256 hex digest of a key, as stored in the keys file. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Parses and validates an API keys file; ids and hashes must be unique. Throws ConfigError. */
export function parseApiKeysFile(text: string, sourceName: string): readonly ApiKeyRecord[] {
  const { keys } = parsePolicyDocument(text, sourceName, validateApiKeysFile);
  const problems: string[] = [];
  const ids = new Set<string>();
  const hashes = new Set<string>();
  for (const key of keys) {
    const hash = key.sha256.toLowerCase();
    if (ids.has(key.id)) problems.push(`${sourceName}: key id ${key.id} appears twice`);
    if (hashes.has(hash)) problems.push(`${sourceName}: key ${key.id} has the same sha256 as another key`);
    ids.add(key.id);
    hashes.add(hash);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return keys.map((key) => ({ ...key, sha256: key.sha256.toLowerCase() }));
}

interface PreparedKey {
  readonly record: ApiKeyRecord;
  readonly digest: Buffer;
}

/** Resolves a presented key to its principal; throws AuthenticationFailure. */
export type ApiKeyAuthenticator = (presentedKey: string) => Principal;

/**
 * Creates the authenticator over the current key list (`keys()` is read on every call so a
 * reload or revocation applies to the next request).
 * @example const authenticate = createApiKeyAuthenticator({ keys: () => store.current().apiKeys });
 */
export function createApiKeyAuthenticator({
  keys,
  compare = timingSafeEqual,
}: {
  readonly keys: () => readonly ApiKeyRecord[];
  /** Digest comparison; injectable so tests can prove every key is compared. */
  readonly compare?: (left: Buffer, right: Buffer) => boolean;
}): ApiKeyAuthenticator {
  // Digests are decoded once per key list, not per request.
  const prepared = new WeakMap<readonly ApiKeyRecord[], readonly PreparedKey[]>();
  const prepare = (records: readonly ApiKeyRecord[]): readonly PreparedKey[] => {
    let list = prepared.get(records);
    if (!list) {
      list = records.map((record) => ({ record, digest: Buffer.from(record.sha256, 'hex') }));
      prepared.set(records, list);
    }
    return list;
  };
  return function authenticateApiKey(presentedKey) {
    const digest = createHash('sha256').update(presentedKey, 'utf8').digest();
    let match: ApiKeyRecord | undefined;
    for (const candidate of prepare(keys())) {
      // Every candidate is compared; `match` is set without branching out of the loop.
      if (compare(candidate.digest, digest) && match === undefined) match = candidate.record;
    }
    if (match === undefined) throw new AuthenticationFailure('unknown_key', 'Invalid API key');
    if (match.revoked === true) throw new AuthenticationFailure('revoked_key', 'API key has been revoked');
    return { id: match.id, roles: [...match.roles], authMethod: 'api-key' };
  };
}
