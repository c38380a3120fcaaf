import { expect } from 'chai';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { AuthenticationFailure, type AuthenticationFailureReason } from '../../predictor/security/authentication-failure.js';
import { createJwtAuthenticator, rolesFromClaims, type JwtAuthenticator } from '../../predictor/security/jwt-authenticator.js';
import { startTestIssuer, TEST_AUDIENCE, TEST_ISSUER, useTestIssuer } from './jwt-test-issuer.js';

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
      const token = await testIssuer().mint({ exp: undefined });
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
