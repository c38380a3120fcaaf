/**
 * A token issuer for tests: a generated key pair, a JWKS served on a loopback port, and
 * `mint()` to sign tokens with chosen claims.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

export const TEST_ISSUER = 'https://issuer.test';
export const TEST_AUDIENCE = 'podcast-predictor';

export interface TestIssuer {
  readonly jwksUrl: string;
  readonly publicKeyPem: string;
  /**
   * Signs `claims` (defaults: iss, aud, sub, 1 h expiry from `nowSeconds`), leaving out the
   * claims named in `without` (to mint a token that lacks a default claim, such as exp).
   */
  mint(claims?: JWTPayload & { readonly nowSeconds?: number }, without?: readonly string[]): Promise<string>;
  /** How many times the JWKS was fetched. */
  jwksRequests(): number;
  close(): Promise<void>;
}

export async function startTestIssuer(kid = 'test-key-1'): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  let requests = 0;
  const server: Server = createServer((_request, response) => {
    requests++;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    publicKeyPem: await exportSPKI(publicKey),
    async mint({ nowSeconds = Math.floor(Date.now() / 1000), ...claims } = {}, without = []) {
      const payload: JWTPayload = {
        iss: TEST_ISSUER,
        aud: TEST_AUDIENCE,
        sub: 'user-1',
        iat: nowSeconds,
        exp: nowSeconds + 3600,
        ...claims,
      };
      for (const claim of without) delete payload[claim];
      return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
    },
    jwksRequests: () => requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/**
 * Mocha hooks for a describe block: loopback-only network, a test issuer started before and
 * closed after. Returns a getter for the issuer.
 */
export function useTestIssuer(): () => TestIssuer {
  let issuer: TestIssuer | undefined;
  before(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    issuer = await startTestIssuer();
  });
  after(async () => {
    await issuer?.close();
    nock.enableNetConnect();
  });
  afterEach(() => nock.cleanAll());
  return () => {
    if (!issuer) throw new Error('the test issuer starts in a before hook');
    return issuer;
  };
}
