import { expect } from 'chai';
import { ConfigError } from '../../predictor/errors.js';
import { configProblemLines, loadConfig, parseFlags } from '../../predictor/config/load-config.js';

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig({ env: {} });
    expect(config.server.port).to.equal(8080);
    expect(config.server.modelName).to.equal('podcast-pipeline');
    expect(config.gemini.backend).to.equal('emulator');
    expect(config.gemini.isBackendInferred).to.equal(true);
  });

  it('lets KServe flags win over env and ignores unknown flags', () => {
    const config = loadConfig({
      env: { PORT: '9000', MODEL_NAME: 'from-env' },
      argv: ['--workers', '2', '--http_port=9001', '--model_name', 'from-flag', '--enable_docs_url'],
    });
    expect(config.server.port).to.equal(9001);
    expect(config.server.modelName).to.equal('from-flag');
  });

  it('infers the gemini backend from an API key, GOOGLE_API_KEY winning', () => {
    const config = loadConfig({ env: { GEMINI_API_KEY: 'a', GOOGLE_API_KEY: 'b' } });
    expect(config.gemini.backend).to.equal('gemini');
    expect(config.gemini.apiKey).to.equal('b');
  });

  it('infers vertex when GOOGLE_GENAI_USE_VERTEXAI is true', () => {
    const config = loadConfig({ env: { GOOGLE_GENAI_USE_VERTEXAI: 'true', GOOGLE_CLOUD_PROJECT: 'p' } });
    expect(config.gemini.backend).to.equal('vertex');
  });

  it('reports every problem at once, naming the env var', () => {
    const attempt = () => loadConfig({ env: { PORT: 'abc', EMULATOR_FAULT_RATE: '2' } });
    expect(attempt).to.throw(ConfigError).with.property('problems').that.has.length(2);
    expect(attempt).to.throw(/PORT="abc" is not allowed: expected an integer from 0 to 65535/);
  });

  const problemsOf = (options: Parameters<typeof loadConfig>[0]): readonly string[] => {
    try {
      loadConfig(options);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('gives one line per bad setting: the variable, the value given and what is allowed', () => {
    expect(problemsOf({ env: { LOG_LEVEL: 'loud', REQUEST_TIMEOUT_MS: '5', MODEL_NAME: 'bad name' } })).to.deep.equal([
      'MODEL_NAME="bad name" is not allowed: expected text matching /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/',
      'REQUEST_TIMEOUT_MS="5" is not allowed: expected an integer from 1000 to 3600000',
      'LOG_LEVEL="loud" is not allowed: expected one of: debug, info, warn, error',
    ]);
  });

  it('names the flag when the bad value came from a flag', () => {
    expect(problemsOf({ env: { PORT: '9000' }, argv: ['--http_port', '70000'] })).to.deep.equal([
      '--http_port="70000" is not allowed: expected an integer from 0 to 65535',
    ]);
  });

  it('masks the value of a secret it refuses', () => {
    const problems = problemsOf({ env: { REDIS_URL: 'http://user:hunter2@redis:6379' } });

    expect(problems).to.deep.equal(['REDIS_URL="****" (secret, not shown) is not allowed: expected text matching /^rediss?:///']);
    expect(problems.join('\n')).not.to.contain('hunter2');
  });

  it('reads --grpc_port (KServe) into server.grpcPort, 8081 by default', () => {
    expect(loadConfig({ env: {} }).server.grpcPort).to.equal(8081);
    expect(loadConfig({ env: {}, argv: ['--grpc_port=9081'] }).server.grpcPort).to.equal(9081);
    expect(problemsOf({ env: { GRPC_PORT: 'x' } })).to.deep.equal(['GRPC_PORT="x" is not allowed: expected an integer from 0 to 65535']);
  });

  it('prints a ConfigError as one "invalid configuration" line per problem', () => {
    expect(configProblemLines(new ConfigError(['PORT="abc" is not allowed', 'AUTH_MODE=jwt needs JWT_ISSUER']))).to.equal(
      'invalid configuration: PORT="abc" is not allowed\ninvalid configuration: AUTH_MODE=jwt needs JWT_ISSUER\n',
    );
  });

  it('refuses an explicit gemini backend without a key', () => {
    expect(() => loadConfig({ env: { LLM_BACKEND: 'gemini' } })).to.throw(/needs GEMINI_API_KEY/);
  });

  it('returns a deep-frozen config', () => {
    const config = loadConfig({ env: {} });
    expect(Object.isFrozen(config.server)).to.equal(true);
  });
});

describe('parseFlags', () => {
  it('reads --name value, --name=value and bare flags', () => {
    const flags = parseFlags(['--a', '1', '--b=2', '--c']);
    expect([...flags]).to.deep.equal([
      ['a', '1'],
      ['b', '2'],
      ['c', 'true'],
    ]);
  });
});
