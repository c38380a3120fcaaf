import { expect } from 'chai';
import type { AccessGuard, Action, Credentials } from '../../predictor/contract/access-control.js';
import { ForbiddenError, UnauthorizedError } from '../../predictor/errors.js';
import { parseAccessPolicy } from '../../predictor/security/access-policy.js';
import { hashApiKey } from '../../predictor/security/api-key-authenticator.js';
import { createAccessGuard } from '../../predictor/security/create-access-guard.js';
import { createJwtAuthenticator } from '../../predictor/security/jwt-authenticator.js';
import type { AccessSnapshot } from '../../predictor/security/policy-store.js';
import { TEST_AUDIENCE, TEST_ISSUER, useTestIssuer } from './jwt-test-issuer.js';
import { createRecordingLogger, createRecordingMetrics } from './security-fakes.js';

type Outcome = 'unauthorized' | 'forbidden' | 'allowed';

const MODEL = 'podcast-pipeline';
const OTHER_MODEL = 'restricted-model';
const VALID_KEY = 'valid-key-0123456789';
const REVOKED_KEY = 'revoked-key-0123456789';
const ACTIONS: readonly Action[] = ['metadata', 'infer', 'jobs', 'feedback'];

const SNAPSHOT: AccessSnapshot = {
  policy: parseAccessPolicy(
    JSON.stringify({ rules: [{ roles: ['analyst'], models: [MODEL], actions: ['metadata', 'infer', 'jobs', 'feedback'] }] }),
    'policy.json',
  ),
  apiKeys: [
    { id: 'analyst-key', sha256: hashApiKey(VALID_KEY), roles: ['analyst'] },
    { id: 'old-key', sha256: hashApiKey(REVOKED_KEY), roles: ['analyst'], revoked: true },
  ],
};

async function outcomeOf(guard: AccessGuard, credentials: Credentials, modelName: string, action: Action): Promise<Outcome> {
  try {
    const principal = await guard.authenticate(credentials);
    guard.authorize(principal, modelName, action);
    return 'allowed';
  } catch (error) {
    if (error instanceof UnauthorizedError) return 'unauthorized';
    if (error instanceof ForbiddenError) return 'forbidden';
    throw error;
  }
}

interface MatrixCase {
  readonly name: string;
  readonly credentials: () => Promise<Credentials>;
  readonly model: string;
  readonly expected: Outcome;
}

describe('createAccessGuard', () => {
  const testIssuer = useTestIssuer();

  const hourAgo = () => Math.floor(Date.now() / 1000) - 7200;
  const apiKeyCases: MatrixCase[] = [
    { name: 'no credential', credentials: async () => ({}), model: MODEL, expected: 'unauthorized' },
    { name: 'bad key', credentials: async () => ({ apiKey: 'wrong-key' }), model: MODEL, expected: 'unauthorized' },
    { name: 'revoked key', credentials: async () => ({ apiKey: REVOKED_KEY }), model: MODEL, expected: 'unauthorized' },
    { name: 'valid key on a forbidden model', credentials: async () => ({ apiKey: VALID_KEY }), model: OTHER_MODEL, expected: 'forbidden' },
    { name: 'valid key in x-api-key', credentials: async () => ({ apiKey: VALID_KEY }), model: MODEL, expected: 'allowed' },
    { name: 'valid key as bearer', credentials: async () => ({ bearerToken: VALID_KEY }), model: MODEL, expected: 'allowed' },
  ];
  const jwtCases: MatrixCase[] = [
    { name: 'no credential', credentials: async () => ({}), model: MODEL, expected: 'unauthorized' },
    { name: 'api key instead of a token', credentials: async () => ({ apiKey: VALID_KEY }), model: MODEL, expected: 'unauthorized' },
    { name: 'garbage token', credentials: async () => ({ bearerToken: 'abc.def.ghi' }), model: MODEL, expected: 'unauthorized' },
    {
      name: 'expired JWT',
      credentials: async () => ({ bearerToken: await testIssuer().mint({ roles: ['analyst'], nowSeconds: hourAgo() }) }),
      model: MODEL,
      expected: 'unauthorized',
    },
    {
      name: 'wrong audience',
      credentials: async () => ({ bearerToken: await testIssuer().mint({ roles: ['analyst'], aud: 'other' }) }),
      model: MODEL,
      expected: 'unauthorized',
    },
    {
      name: 'wrong issuer',
      credentials: async () => ({ bearerToken: await testIssuer().mint({ roles: ['analyst'], iss: 'https://evil.test' }) }),
      model: MODEL,
      expected: 'unauthorized',
    },
    {
      name: 'valid JWT on a forbidden model',
      credentials: async () => ({ bearerToken: await testIssuer().mint({ roles: ['analyst'] }) }),
      model: OTHER_MODEL,
      expected: 'forbidden',
    },
    {
      name: 'valid JWT without the role',
      credentials: async () => ({ bearerToken: await testIssuer().mint({ roles: ['guest'] }) }),
      model: MODEL,
      expected: 'forbidden',
    },
    {
      name: 'valid JWT',
      credentials: async () => ({ bearerToken: await testIssuer().mint({ roles: ['analyst'] }) }),
      model: MODEL,
      expected: 'allowed',
    },
  ];

  it('decides the whole auth matrix correctly (credential case × action, api-key and jwt modes)', async () => {
    const apiKeyGuard = createAccessGuard({
      authMode: 'api-key',
      access: () => SNAPSHOT,
      metrics: createRecordingMetrics(),
      logger: createRecordingLogger(),
    });
    const verifyJwt = createJwtAuthenticator({
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      jwksUrl: testIssuer().jwksUrl,
      rolesClaim: 'roles',
      clockToleranceSeconds: 0,
    });
    const jwtGuard = createAccessGuard({
      authMode: 'jwt',
      access: () => SNAPSHOT,
      verifyJwt,
      metrics: createRecordingMetrics(),
      logger: createRecordingLogger(),
    });
    const wrong: string[] = [];
    let total = 0;
    for (const [mode, guard, cases] of [
      ['api-key', apiKeyGuard, apiKeyCases],
      ['jwt', jwtGuard, jwtCases],
    ] as const) {
      for (const matrixCase of cases) {
        for (const action of ACTIONS) {
          total++;
          const outcome = await outcomeOf(guard, await matrixCase.credentials(), matrixCase.model, action);
          if (outcome !== matrixCase.expected)
            wrong.push(`${mode} / ${matrixCase.name} / ${action}: ${outcome}, expected ${matrixCase.expected}`);
        }
      }
    }
    console.log(`      auth matrix: ${total - wrong.length}/${total} correct`);
    expect(wrong).to.deep.equal([]);
    expect(total).to.equal((apiKeyCases.length + jwtCases.length) * ACTIONS.length);
  });

  it('lets the anonymous caller do everything but admin when auth is off and no policy is set', async () => {
    const { DEFAULT_ACCESS_POLICY } = await import('../../predictor/security/access-policy.js');
    const guard = createAccessGuard({
      authMode: 'none',
      access: () => ({ policy: DEFAULT_ACCESS_POLICY, apiKeys: [] }),
      metrics: createRecordingMetrics(),
      logger: createRecordingLogger(),
    });
    expect(await outcomeOf(guard, { bearerToken: 'ignored' }, MODEL, 'infer')).to.equal('allowed');
    expect(await outcomeOf(guard, {}, MODEL, 'admin')).to.equal('forbidden');
  });

  it('records every decision as a metric with bounded labels', async () => {
    const metrics = createRecordingMetrics();
    const guard = createAccessGuard({ authMode: 'api-key', access: () => SNAPSHOT, metrics, logger: createRecordingLogger() });
    await outcomeOf(guard, {}, MODEL, 'infer');
    await outcomeOf(guard, { apiKey: VALID_KEY }, OTHER_MODEL, 'jobs');
    await outcomeOf(guard, { apiKey: VALID_KEY }, MODEL, 'feedback');
    expect(metrics.calls).to.deep.equal([
      'auth authenticate unauthenticated',
      'auth authenticate authenticated',
      'auth jobs forbidden',
      'auth authenticate authenticated',
      'auth feedback allowed',
    ]);
  });

  it('logs the reason and principal of each decision but never the credential', async () => {
    const logger = createRecordingLogger();
    const guard = createAccessGuard({ authMode: 'api-key', access: () => SNAPSHOT, metrics: createRecordingMetrics(), logger });
    await outcomeOf(guard, { apiKey: REVOKED_KEY }, MODEL, 'infer');
    await outcomeOf(guard, { apiKey: VALID_KEY }, OTHER_MODEL, 'infer');
    const text = JSON.stringify(logger.records);
    expect(text).not.to.include(REVOKED_KEY);
    expect(text).not.to.include(VALID_KEY);
    expect(logger.records.map((record) => record.fields.reason ?? record.fields.principal)).to.include.members([
      'revoked_key',
      'analyst-key',
    ]);
  });

  it('refuses jwt mode without a verifier', () => {
    expect(() =>
      createAccessGuard({ authMode: 'jwt', access: () => SNAPSHOT, metrics: createRecordingMetrics(), logger: createRecordingLogger() }),
    ).to.throw(/verifyJwt/);
  });
});
