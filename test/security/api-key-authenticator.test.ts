import { expect } from 'chai';
import { timingSafeEqual } from 'node:crypto';
import {
  createApiKeyAuthenticator,
  hashApiKey,
  parseApiKeysFile,
  type ApiKeyRecord,
} from '../../predictor/security/api-key-authenticator.js';
import { AuthenticationFailure } from '../../predictor/security/authentication-failure.js';
import { ConfigError } from '../../predictor/errors.js';

const KEYS: ApiKeyRecord[] = [
  { id: 'alice', sha256: hashApiKey('alice-key-123'), roles: ['analyst'] },
  { id: 'bob', sha256: hashApiKey('bob-key-456'), roles: [], revoked: true },
  { id: 'carol', sha256: hashApiKey('carol-key-789'), roles: ['admin', 'analyst'] },
];

function failureOf(attempt: () => unknown): AuthenticationFailure {
  try {
    attempt();
  } catch (error) {
    if (error instanceof AuthenticationFailure) return error;
    throw error;
  }
  throw new Error('expected an AuthenticationFailure');
}

describe('hashApiKey', () => {
  it('matches `printf %s KEY | sha256sum` (hex SHA-256 of the UTF-8 bytes)', () => {
    expect(hashApiKey('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('createApiKeyAuthenticator', () => {
  it('resolves a known key to its principal and roles', () => {
    const authenticate = createApiKeyAuthenticator({ keys: () => KEYS });
    expect(authenticate('carol-key-789')).to.deep.equal({ id: 'carol', roles: ['admin', 'analyst'], authMethod: 'api-key' });
  });

  it('rejects an unknown key as unknown_key', () => {
    const authenticate = createApiKeyAuthenticator({ keys: () => KEYS });
    expect(failureOf(() => authenticate('nope')).reason).to.equal('unknown_key');
  });

  it('rejects a revoked key as revoked_key', () => {
    const authenticate = createApiKeyAuthenticator({ keys: () => KEYS });
    expect(failureOf(() => authenticate('bob-key-456')).reason).to.equal('revoked_key');
  });

  it('compares the digest against every stored key even when the first one matches', () => {
    const compared: number[] = [];
    const compare = (left: Buffer, right: Buffer) => {
      compared.push(compared.length);
      return timingSafeEqual(left, right);
    };
    const authenticate = createApiKeyAuthenticator({ keys: () => KEYS, compare });
    authenticate('alice-key-123');
    expect(compared).to.have.length(KEYS.length);
  });

  it('reads the key list on every call, so a revocation applies to the next request', () => {
    let keys: readonly ApiKeyRecord[] = KEYS;
    const authenticate = createApiKeyAuthenticator({ keys: () => keys });
    expect(authenticate('alice-key-123').id).to.equal('alice');
    keys = KEYS.map((key) => (key.id === 'alice' ? { ...key, revoked: true } : key));
    expect(failureOf(() => authenticate('alice-key-123')).reason).to.equal('revoked_key');
  });

  it('never puts the presented key in the error message', () => {
    const authenticate = createApiKeyAuthenticator({ keys: () => KEYS });
    expect(failureOf(() => authenticate('secret-looking-key-000')).message).not.to.include('secret-looking-key-000');
  });
});

describe('parseApiKeysFile', () => {
  it('reads YAML and lower-cases the hashes', () => {
    const hash = hashApiKey('k').toUpperCase();
    const keys = parseApiKeysFile(`keys:\n  - id: ci\n    sha256: ${hash}\n    roles: [analyst]\n`, 'keys.yaml');
    expect(keys).to.deep.equal([{ id: 'ci', sha256: hash.toLowerCase(), roles: ['analyst'] }]);
  });

  it('reads JSON', () => {
    const keys = parseApiKeysFile(JSON.stringify({ keys: [{ id: 'ci', sha256: hashApiKey('k'), roles: [], revoked: true }] }), 'keys.json');
    expect(keys[0]?.revoked).to.equal(true);
  });

  it('reports a malformed hash and an unknown field with the file name', () => {
    const text = JSON.stringify({ keys: [{ id: 'ci', sha256: 'abc', roles: [], extra: 1 }] });
    expect(() => parseApiKeysFile(text, 'keys.json'))
      .to.throw(ConfigError)
      .with.property('problems')
      .that.has.length(2);
  });

  it('refuses duplicate ids and duplicate hashes', () => {
    const hash = hashApiKey('same');
    const text = JSON.stringify({
      keys: [
        { id: 'a', sha256: hash, roles: [] },
        { id: 'a', sha256: hash, roles: [] },
      ],
    });
    expect(() => parseApiKeysFile(text, 'keys.json')).to.throw(/appears twice/);
  });

  it('refuses text that is not YAML without echoing it', () => {
    expect(() => parseApiKeysFile('keys: [unclosed', 'keys.yaml')).to.throw(ConfigError, /keys.yaml is not valid YAML or JSON/);
  });
});
