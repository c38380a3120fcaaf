import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK } from 'jose';
import { UnauthorizedError } from '../../predictor/errors.js';
import { toHttpError } from '../../predictor/protocol/http-errors.js';
import { AuthenticationFailure, type AuthenticationFailureReason } from '../../predictor/security/authentication-failure.js';
import { createAccessGuard } from '../../predictor/security/create-access-guard.js';
import { DEFAULT_ACCESS_POLICY } from '../../predictor/security/access-policy.js';
import { createJwtAuthenticator, rolesFromClaims, type JwtAuthenticator } from '../../predictor/security/jwt-authenticator.js';
import { startTestIssuer, TEST_AUDIENCE, TEST_ISSUER, useTestIssuer } from './jwt-test-issuer.js';
import { createRecordingLogger, createRecordingMetrics } from './security-fakes.js';

interface SigningKey {
  readonly alg: 'RS256' | 'ES256' | 'PS256';
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
}

async function signingKey(alg: SigningKey['alg']): Promise<SigningKey> {
  return { alg, ...(await generateKeyPair(alg, { extractable: true })) };
}

/** A valid token for the test issuer and audience, signed by `key`, with `kid` in the header when given. */
function mintWith(key: SigningKey, options: { kid?: string; sub?: unknown } = {}): Promise<string> {
  const { kid } = options;
  const sub = 'sub' in options ? options.sub : 'rotated';
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub, exp: now + 600 } as Record<string, unknown>)
    .setProtectedHeader({ alg: key.alg, ...(kid === undefined ? {} : { kid }) })
    .sign(key.privateKey);
}

const pemOf = (key: SigningKey) => exportSPKI(key.publicKey);

/** Serves `{ keys }` on a loopback port until `close`. */
async function serveJwks(keys: readonly JWK[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function jwkOf(key: SigningKey, kid?: string): Promise<JWK> {
  return { ...(await exportJWK(key.publicKey)), alg: key.alg, use: 'sig', ...(kid === undefined ? {} : { kid }) };
}

async function reasonOf(attempt: Promise<unknown>): Promise<AuthenticationFailureReason> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof AuthenticationFailure) return error.reason;
    throw error;
  }
  throw new Error('expected an AuthenticationFailure');
}

describe('createJwtAuthenticator', () => {
  const testIssuer = useTestIssuer();
  const base = { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, rolesClaim: 'roles', clockToleranceSeconds: 0 };

  describe('with a JWKS URL', () => {
    let verify: JwtAuthenticator;
    before(() => {
      verify = createJwtAuthenticator({ ...base, jwksUrl: testIssuer().jwksUrl });
    });

    it('accepts a valid token and maps sub and roles to the principal', async () => {
      const principal = await verify(await testIssuer().mint({ sub: 'svc-1', roles: ['analyst'] }));
      expect(principal).to.deep.equal({ id: 'svc-1', roles: ['analyst'], authMethod: 'jwt' });
    });

    it('fetches the JWKS once and reuses it', async () => {
      const before = testIssuer().jwksRequests();
      await verify(await testIssuer().mint());
      await verify(await testIssuer().mint());
      expect(testIssuer().jwksRequests() - before).to.be.at.most(1);
    });

    it('rejects an expired token as expired', async () => {
      const token = await testIssuer().mint({ nowSeconds: Math.floor(Date.now() / 1000) - 7200 });
      expect(await reasonOf(verify(token))).to.equal('expired');
    });

    it('rejects the wrong audience', async () => {
      expect(await reasonOf(verify(await testIssuer().mint({ aud: 'someone-else' })))).to.equal('wrong_audience');
    });

    it('rejects the wrong issuer', async () => {
      expect(await reasonOf(verify(await testIssuer().mint({ iss: 'https://evil.test' })))).to.equal('wrong_issuer');
    });

    it('rejects a token without exp', async () => {
      const token = await testIssuer().mint({}, ['exp']);
      expect(await reasonOf(verify(token))).to.equal('malformed_token');
    });

    it('rejects a token signed by another key with the same kid', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: 'x', exp: now + 60 })
        .setProtectedHeader({ alg: 'ES256', kid: 'test-key-1' })
        .sign(privateKey);
      expect(await reasonOf(verify(token))).to.equal('bad_signature');
    });

    it('rejects an unsigned (alg none) token', async () => {
      const token = new UnsecuredJWT({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: 'x' }).setExpirationTime('1h').encode();
      expect(await reasonOf(verify(token))).to.equal('malformed_token');
    });

    it('rejects garbage as malformed', async () => {
      expect(await reasonOf(verify('not-a-jwt'))).to.equal('malformed_token');
    });
  });

  it('checks expiry against the injected clock', async () => {
    const token = await testIssuer().mint({ nowSeconds: 1_000_000 });
    const verifyThen = createJwtAuthenticator({ ...base, jwksUrl: testIssuer().jwksUrl, now: () => 1_000_100 * 1000 });
    const verifyLater = createJwtAuthenticator({ ...base, jwksUrl: testIssuer().jwksUrl, now: () => 1_010_000 * 1000 });
    expect((await verifyThen(token)).id).to.equal('user-1');
    expect(await reasonOf(verifyLater(token))).to.equal('expired');
  });

  it('verifies with a static PEM key, trying each of several keys', async () => {
    const other = await startTestIssuer('other');
    try {
      const verify = createJwtAuthenticator({ ...base, publicKeysPem: `${other.publicKeyPem}\n${testIssuer().publicKeyPem}` });
      expect((await verify(await testIssuer().mint({ sub: 'static' }))).id).to.equal('static');
    } finally {
      await other.close();
    }
  });

  describe('key rotation across key types', () => {
    let rsa: SigningKey;
    let ec: SigningKey;
    before(async () => {
      [rsa, ec] = await Promise.all([signingKey('RS256'), signingKey('ES256')]);
    });

    for (const order of ['RSA then EC', 'EC then RSA'] as const) {
      it(`accepts tokens of either key with static keys listed ${order}`, async () => {
        const pems = await Promise.all((order === 'RSA then EC' ? [rsa, ec] : [ec, rsa]).map(pemOf));
        const verify = createJwtAuthenticator({ ...base, publicKeysPem: pems.join('\n') });
        expect((await verify(await mintWith(rsa, { sub: 'by-rsa' }))).id).to.equal('by-rsa');
        expect((await verify(await mintWith(ec, { sub: 'by-ec' }))).id).to.equal('by-ec');
      });

      it(`accepts tokens of either key from a JWKS listing ${order}`, async () => {
        const jwks = await serveJwks(await Promise.all((order === 'RSA then EC' ? [rsa, ec] : [ec, rsa]).map((key) => jwkOf(key))));
        try {
          const verify = createJwtAuthenticator({ ...base, jwksUrl: jwks.url });
          expect((await verify(await mintWith(rsa, { sub: 'by-rsa' }))).id).to.equal('by-rsa');
          expect((await verify(await mintWith(ec, { sub: 'by-ec' }))).id).to.equal('by-ec');
        } finally {
          await jwks.close();
        }
      });
    }

    it('accepts a token of the second of two same-type keys without kids (JWKS)', async () => {
      const older = await signingKey('ES256');
      const jwks = await serveJwks([await jwkOf(older), await jwkOf(ec)]);
      try {
        const verify = createJwtAuthenticator({ ...base, jwksUrl: jwks.url });
        expect((await verify(await mintWith(ec))).id).to.equal('rotated');
        expect((await verify(await mintWith(older, { sub: 'older' }))).id).to.equal('older');
      } finally {
        await jwks.close();
      }
    });

    it('selects by kid, and treats a kid that names no key as a hint only', async () => {
      const jwks = await serveJwks([await jwkOf(rsa, 'rsa-1'), await jwkOf(ec, 'ec-1')]);
      try {
        const verify = createJwtAuthenticator({ ...base, jwksUrl: jwks.url });
        expect((await verify(await mintWith(ec, { kid: 'ec-1', sub: 'named' }))).id).to.equal('named');
        expect((await verify(await mintWith(ec, { kid: 'retired-kid', sub: 'stale kid' }))).id).to.equal('stale kid');
      } finally {
        await jwks.close();
      }
    });

    it('still refuses a token naming a trusted kid but signed by an untrusted key of that type', async () => {
      const stranger = await signingKey('ES256');
      const verify = createJwtAuthenticator({ ...base, publicKeysPem: [await pemOf(rsa), await pemOf(ec)].join('\n') });
      const kid = await calculateJwkThumbprint(await exportJWK(ec.publicKey));
      expect(await reasonOf(verify(await mintWith(stranger, { kid })))).to.equal('bad_signature');
    });

    it('refuses a token whose algorithm fits none of the keys as a bad signature', async () => {
      const verify = createJwtAuthenticator({ ...base, publicKeysPem: await pemOf(rsa) });
      expect(await reasonOf(verify(await mintWith(ec)))).to.equal('bad_signature');
    });

    it('stops at a claim failure (expired) instead of trying the remaining keys', async () => {
      const verify = createJwtAuthenticator({
        ...base,
        publicKeysPem: [await pemOf(ec), await pemOf(rsa)].join('\n'),
        now: () => Date.now() + 3_600_000,
      });
      expect(await reasonOf(verify(await mintWith(ec)))).to.equal('expired');
    });
  });

  describe('the subject', () => {
    for (const [name, sub] of [
      ['a number', 42],
      ['an array', ['user-1']],
      ['null', null],
      ['an empty string', ''],
      ['a blank string', '  \t'],
      ['an object', { id: 'user-1' }],
    ] as const) {
      it(`refuses a sub that is ${name} as invalid_subject`, async () => {
        const key = await signingKey('ES256');
        const verify = createJwtAuthenticator({ ...base, publicKeysPem: await pemOf(key) });
        expect(await reasonOf(verify(await mintWith(key, { sub })))).to.equal('invalid_subject');
      });
    }

    it('refuses a token without sub as missing_subject', async () => {
      const key = await signingKey('ES256');
      const verify = createJwtAuthenticator({ ...base, publicKeysPem: await pemOf(key) });
      expect(await reasonOf(verify(await mintWith(key, { sub: undefined })))).to.equal('missing_subject');
    });

    it('answers 401 through the access guard and logs the reason', async () => {
      const key = await signingKey('ES256');
      const logger = createRecordingLogger();
      const verifyJwt = createJwtAuthenticator({ ...base, publicKeysPem: await pemOf(key) });
      const guard = createAccessGuard({
        authMode: 'jwt',
        access: () => ({ policy: DEFAULT_ACCESS_POLICY, apiKeys: [] }),
        verifyJwt,
        metrics: createRecordingMetrics(),
        logger,
      });
      const error = await guard.authenticate({ bearerToken: await mintWith(key, { sub: 7 }) }).catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(UnauthorizedError);
      expect(toHttpError(error)).to.deep.include({ status: 401, body: { error: 'Invalid token' } });
      expect(logger.records.map((record) => record.fields.reason)).to.include('invalid_subject');
    });
  });

  it('reports an unreachable JWKS as key_source_unavailable', async () => {
    const verify = createJwtAuthenticator({ ...base, jwksUrl: 'http://127.0.0.1:1/jwks.json', jwksTimeoutMs: 1000 });
    expect(await reasonOf(verify(await testIssuer().mint()))).to.equal('key_source_unavailable');
  });
});

describe('rolesFromClaims', () => {
  it('reads an array, a space-separated string and a nested path', () => {
    expect(rolesFromClaims({ roles: ['a', 'b', 3] }, 'roles')).to.deep.equal(['a', 'b']);
    expect(rolesFromClaims({ scope: 'read write' }, 'scope')).to.deep.equal(['read', 'write']);
    expect(rolesFromClaims({ realm_access: { roles: ['ops'] } }, 'realm_access.roles')).to.deep.equal(['ops']);
  });

  it('returns no roles when the claim is missing or of another type', () => {
    expect(rolesFromClaims({ roles: 7 }, 'roles')).to.deep.equal([]);
    expect(rolesFromClaims({}, 'a.b')).to.deep.equal([]);
  });
});
