import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import nock from 'nock';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';
import { writeApiKeysFile } from './support/whole-app-fixtures.js';

const MODEL = 'podcast-pipeline';
const ANALYST_KEY = 'analyst-key-4b1d9e7c2a';
const REVOKED_KEY = 'revoked-key-8c3f0a6e1d';
const OTHER_TEAM_KEY = 'other-team-key-2e9b7f4c';
const ISSUER = 'https://issuer.test';
const AUDIENCE = 'podcast-predictor';

const POLICY = `version: 1
rules:
  - roles: [analyst]
    models: [${MODEL}]
    actions: [infer, metadata, jobs, feedback]
  - roles: [other-team]
    models: [other-*]
    actions: ["*"]
`;

const EPISODE = JSON.stringify({
  title: 'Auth',
  transcript: [{ timestamp: '00:00:01', speaker: 'Ann', text: 'In 2024 we grew by 40 percent.' }],
});
const INFER_BODY = JSON.stringify({ inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [EPISODE] }] });

/** Each route of the matrix: how to call it and which status means "allowed". */
const ROUTES = [
  { action: 'metadata', method: 'GET', path: `/v2/models/${MODEL}`, body: undefined, allowed: 200 },
  { action: 'infer', method: 'POST', path: `/v2/models/${MODEL}/infer`, body: INFER_BODY, allowed: 200 },
  { action: 'jobs', method: 'POST', path: `/v2/models/${MODEL}/jobs`, body: INFER_BODY, allowed: 202 },
  {
    action: 'feedback',
    method: 'POST',
    path: `/v2/models/${MODEL}/feedback`,
    body: JSON.stringify({ request_id: 'r-1', rating: 5, labels: [] }),
    allowed: 202,
  },
] as const;

async function call(app: TestApplication, route: (typeof ROUTES)[number], headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${app.baseUrl}${route.path}`, {
    method: route.method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(route.body ? { body: route.body } : {}),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('authentication and per-model authorisation over HTTP (whole app)', function () {
  this.timeout(30000);
  let directory: string;

  before(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    directory = await mkdtemp(join(tmpdir(), 'auth-matrix-'));
    await writeFile(join(directory, 'policy.yaml'), POLICY);
    await writeApiKeysFile(directory, [
      { id: 'analyst', key: ANALYST_KEY, roles: ['analyst'] },
      { id: 'retired', key: REVOKED_KEY, roles: ['analyst'], revoked: true },
      { id: 'other', key: OTHER_TEAM_KEY, roles: ['other-team'] },
    ]);
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
    nock.enableNetConnect();
  });

  describe('AUTH_MODE=api-key', () => {
    let app: TestApplication;
    before(async () => {
      app = await composeTestApp({
        AUTH_MODE: 'api-key',
        API_KEYS_FILE: join(directory, 'keys.yaml'),
        ACCESS_POLICY_FILE: join(directory, 'policy.yaml'),
        WATCH_POLICY_FILES: 'false',
        JOBS_ENABLED: 'true',
        FEEDBACK_SINK: 'off',
      });
    });
    after(() => app.close());

    const cases = [
      { name: 'no credential', headers: {}, expected: 401 },
      { name: 'a bad key', headers: { authorization: 'Bearer not-a-key' }, expected: 401 },
      { name: 'a revoked key', headers: { 'x-api-key': REVOKED_KEY }, expected: 401 },
      { name: 'a valid key for other models only', headers: { 'x-api-key': OTHER_TEAM_KEY }, expected: 403 },
      { name: 'a valid key (Bearer)', headers: { authorization: `Bearer ${ANALYST_KEY}` }, expected: 'allowed' },
      { name: 'a valid key (x-api-key)', headers: { 'x-api-key': ANALYST_KEY }, expected: 'allowed' },
    ] as const;

    for (const route of ROUTES) {
      for (const testCase of cases) {
        const expected = testCase.expected === 'allowed' ? route.allowed : testCase.expected;
        it(`${route.action}: ${testCase.name} → ${expected}`, async () => {
          expect(await call(app, route, testCase.headers)).to.equal(expected);
        });
      }
    }

    it('keeps health probes open without credentials', async () => {
      const response = await fetch(`${app.baseUrl}/v2/health/ready`);
      expect(response.status).to.equal(200);
    });
  });

  describe('AUTH_MODE=jwt', () => {
    let app: TestApplication;
    let sign: (claims: Record<string, unknown>, options?: { expiresIn?: string; audience?: string; issuer?: string }) => Promise<string>;

    before(async () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const signingKey = await importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'ES256');
      sign = (claims, options = {}) =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'ES256' })
          .setSubject(String(claims.sub ?? 'user'))
          .setIssuer(options.issuer ?? ISSUER)
          .setAudience(options.audience ?? AUDIENCE)
          .setIssuedAt()
          .setExpirationTime(options.expiresIn ?? '5m')
          .sign(signingKey);
      app = await composeTestApp({
        AUTH_MODE: 'jwt',
        JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
        ACCESS_POLICY_FILE: join(directory, 'policy.yaml'),
        WATCH_POLICY_FILES: 'false',
        JOBS_ENABLED: 'true',
        FEEDBACK_SINK: 'off',
      });
    });
    after(() => app.close());

    const cases = [
      { name: 'an expired token', claims: { sub: 'ann', roles: ['analyst'] }, options: { expiresIn: '-1m' }, expected: 401 },
      {
        name: 'a token for another audience',
        claims: { sub: 'ann', roles: ['analyst'] },
        options: { audience: 'someone-else' },
        expected: 401,
      },
      {
        name: 'a token from another issuer',
        claims: { sub: 'ann', roles: ['analyst'] },
        options: { issuer: 'https://evil.test' },
        expected: 401,
      },
      { name: 'a valid token without a role for this model', claims: { sub: 'bob', roles: ['other-team'] }, options: {}, expected: 403 },
      { name: 'a valid token', claims: { sub: 'ann', roles: ['analyst'] }, options: {}, expected: 'allowed' },
    ] as const;

    for (const route of ROUTES) {
      for (const testCase of cases) {
        const expected = testCase.expected === 'allowed' ? route.allowed : testCase.expected;
        it(`${route.action}: ${testCase.name} → ${expected}`, async () => {
          const token = await sign(testCase.claims, testCase.options);
          expect(await call(app, route, { authorization: `Bearer ${token}` })).to.equal(expected);
        });
      }
    }
  });
});
