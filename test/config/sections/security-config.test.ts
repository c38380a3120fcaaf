import { expect } from 'chai';
import { loadConfig } from '../../../predictor/config/load-config.js';
import { ConfigError } from '../../../predictor/errors.js';

const PEM = '-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----';
const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig({ env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('security config', () => {
  it('defaults to auth off, no limits, CORS off, depth 32, closed guardrail failures', () => {
    const { security } = loadConfig({ env: {} });
    expect(security).to.deep.include({
      authMode: 'none',
      rateLimitRequestsPerMinute: 0,
      tokensPerMinute: 0,
      dailyBudgetUsd: 0,
      maxJsonDepth: 32,
      guardrailFailMode: 'closed',
      metricsAuth: false,
      jwtRolesClaim: 'roles',
    });
    expect(security.corsAllowedOrigins).to.deep.equal([]);
    expect(security.guardrails).to.deep.equal({});
  });

  it('reads a JWT setup, CORS list and per-agent guardrails', () => {
    const { security } = loadConfig({
      env: {
        AUTH_MODE: 'jwt',
        JWT_JWKS_URL: 'https://issuer.example/.well-known/jwks.json',
        JWT_ISSUER: 'https://issuer.example',
        JWT_AUDIENCE: 'podcast',
        CORS_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
        GUARDRAILS: '{"*":{"injection":"block"},"fact-checker":{"pii":"log","failMode":"open"}}',
        DAILY_BUDGET_USD: '2.5',
      },
    });
    expect(security.corsAllowedOrigins).to.deep.equal(['https://a.example', 'https://b.example']);
    expect(security.guardrails['fact-checker']).to.deep.equal({ pii: 'log', failMode: 'open' });
    expect(security.dailyBudgetUsd).to.equal(2.5);
  });

  it('needs issuer, audience and exactly one key source for jwt', () => {
    expect(problemsOf({ AUTH_MODE: 'jwt' })).to.deep.equal([
      'AUTH_MODE=jwt needs JWT_ISSUER',
      'AUTH_MODE=jwt needs JWT_AUDIENCE',
      'AUTH_MODE=jwt needs exactly one of JWT_JWKS_URL or JWT_PUBLIC_KEY',
    ]);
    const both = { AUTH_MODE: 'jwt', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', JWT_JWKS_URL: 'https://x.example/j', JWT_PUBLIC_KEY: PEM };
    expect(problemsOf(both)).to.deep.equal(['AUTH_MODE=jwt needs exactly one of JWT_JWKS_URL or JWT_PUBLIC_KEY']);
  });

  it('refuses a plain-http JWKS URL except on loopback, and a non-PEM key', () => {
    const base = { AUTH_MODE: 'jwt', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' };
    expect(problemsOf({ ...base, JWT_JWKS_URL: 'http://issuer.example/jwks' })).to.deep.equal([
      'JWT_JWKS_URL must be an https URL (http only for localhost)',
    ]);
    expect(problemsOf({ ...base, JWT_JWKS_URL: 'http://127.0.0.1:8080/jwks' })).to.deep.equal([]);
    expect(problemsOf({ ...base, JWT_PUBLIC_KEY: 'abc' })).to.deep.equal([
      'JWT_PUBLIC_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----)',
    ]);
  });

  it('refuses credentials configured while auth is off, and protected metrics without auth', () => {
    expect(problemsOf({ API_KEYS_FILE: '/keys.yaml', JWT_ISSUER: 'i', METRICS_AUTH: 'true' })).to.deep.equal([
      'API_KEYS_FILE set but AUTH_MODE=none; set AUTH_MODE=api-key or unset it',
      'METRICS_AUTH=true needs AUTH_MODE api-key or jwt',
      'JWT_ISSUER set but AUTH_MODE=none; set AUTH_MODE=jwt or unset them',
    ]);
  });

  it('needs API_KEYS_FILE for api-key mode', () => {
    expect(problemsOf({ AUTH_MODE: 'api-key' })).to.deep.equal(['AUTH_MODE=api-key needs API_KEYS_FILE']);
  });

  it('rejects an unknown guardrail mode, a bad agent name and a bad origin with the env var name', () => {
    const problems = problemsOf({ GUARDRAILS: '{"Bad Agent!":{"injection":"maybe"}}', CORS_ALLOWED_ORIGINS: 'app.example.com' });
    expect(problems.some((problem) => problem.startsWith('GUARDRAILS'))).to.equal(true);
    expect(problems.some((problem) => problem.startsWith('CORS_ALLOWED_ORIGINS'))).to.equal(true);
  });

  it('marks REDIS_URL as secret', async () => {
    const { secretValues } = await import('../../../predictor/config/load-config.js');
    const config = loadConfig({ env: { REDIS_URL: 'redis://:pw@redis:6379' } });
    expect(secretValues(config)).to.include('redis://:pw@redis:6379');
  });
});
