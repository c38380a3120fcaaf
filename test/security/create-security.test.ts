import { expect } from 'chai';
import { loadConfig } from '../../predictor/config/load-config.js';
import { ConfigError, ForbiddenError, UnauthorizedError } from '../../predictor/errors.js';
import { hashApiKey } from '../../predictor/security/api-key-authenticator.js';
import { createSecurity } from '../../predictor/security/create-security.js';
import { createRecordingLogger, createRecordingMetrics } from './security-fakes.js';

const FILES: Record<string, string> = {
  '/etc/predictor/keys.yaml': `keys:\n  - id: ci\n    sha256: ${hashApiKey('ci-key-123456')}\n    roles: [analyst]\n`,
  '/etc/predictor/policy.yaml': 'rules:\n  - roles: [analyst]\n    models: [podcast-pipeline]\n    actions: [infer]\n',
};

describe('createSecurity', () => {
  const files = new Map(Object.entries(FILES));
  const readFile = async (path: string) => files.get(path) ?? Promise.reject(new Error(`ENOENT ${path}`));
  const env = {
    AUTH_MODE: 'api-key',
    API_KEYS_FILE: '/etc/predictor/keys.yaml',
    ACCESS_POLICY_FILE: '/etc/predictor/policy.yaml',
    WATCH_POLICY_FILES: 'false',
    RATE_LIMIT_REQUESTS_PER_MINUTE: '1',
  };

  it('builds a guard and a limiter from the config section', async () => {
    const security = await createSecurity({
      config: loadConfig({ env }).security,
      readFile,
      metrics: createRecordingMetrics(),
      logger: createRecordingLogger(),
    });
    const principal = await security.accessGuard.authenticate({ apiKey: 'ci-key-123456' });
    security.accessGuard.authorize(principal, 'podcast-pipeline', 'infer');
    expect(() => security.accessGuard.authorize(principal, 'podcast-pipeline', 'jobs')).to.throw(ForbiddenError);
    await security.limiter.admit({ principal, modelName: 'podcast-pipeline' });
    let limited: unknown;
    await security.limiter.admit({ principal, modelName: 'podcast-pipeline' }).catch((error) => (limited = error));
    expect(limited).to.have.property('code', 'rate_limited');
    security.close();
  });

  it('reloads revocations on demand (SIGHUP)', async () => {
    const security = await createSecurity({
      config: loadConfig({ env }).security,
      readFile,
      metrics: createRecordingMetrics(),
      logger: createRecordingLogger(),
    });
    files.set('/etc/predictor/keys.yaml', `${FILES['/etc/predictor/keys.yaml']}    revoked: true\n`);
    await security.reloadPolicy();
    let failure: unknown;
    await security.accessGuard.authenticate({ apiKey: 'ci-key-123456' }).catch((error) => (failure = error));
    expect(failure).to.be.instanceOf(UnauthorizedError);
    files.set('/etc/predictor/keys.yaml', FILES['/etc/predictor/keys.yaml'] as string);
    security.close();
  });

  it('warns at start when authentication is off', async () => {
    const logger = createRecordingLogger();
    const security = await createSecurity({
      config: loadConfig({ env: {} }).security,
      readFile,
      metrics: createRecordingMetrics(),
      logger,
    });
    expect(logger.records.some((record) => record.level === 'warn' && record.message.startsWith('AUTH_MODE=none'))).to.equal(true);
    security.close();
  });

  it('fails start-up on an invalid policy file', async () => {
    let failure: unknown;
    const badRead = async (path: string) => (path.endsWith('policy.yaml') ? 'rules: [{}]' : readFile(path));
    await createSecurity({
      config: loadConfig({ env }).security,
      readFile: badRead,
      metrics: createRecordingMetrics(),
      logger: createRecordingLogger(),
    }).catch((error) => (failure = error));
    expect(failure).to.be.instanceOf(ConfigError);
  });
});
