import { expect } from 'chai';
import { ConfigError } from '../../predictor/errors.js';
import { loadConfig, parseFlags } from '../../predictor/config/load-config.js';

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
    expect(attempt).to.throw(/PORT must be integer/);
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
