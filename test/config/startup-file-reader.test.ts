import { expect } from 'chai';
import { loadConfig } from '../../predictor/config/load-config.js';
import { createStartupFileReader } from '../../predictor/config/startup-file-reader.js';
import { ConfigError } from '../../predictor/errors.js';

function failingWith(code: string): (path: string) => Promise<string> {
  return async (path) => {
    throw Object.assign(new Error(`${code}: open '${path}'`), { code });
  };
}

async function problemsOf(promise: Promise<unknown>): Promise<readonly string[]> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).to.be.instanceOf(ConfigError);
  return (error as ConfigError).problems;
}

describe('createStartupFileReader', () => {
  const config = loadConfig({ env: { AUTH_MODE: 'api-key', API_KEYS_FILE: '/etc/predictor/keys.yaml' } });

  it('names the variable, the path and the cause of a settings file that cannot be read', async () => {
    const readStartupFile = createStartupFileReader({ config, readFile: failingWith('ENOENT') });

    expect(await problemsOf(readStartupFile('/etc/predictor/keys.yaml'))).to.deep.equal([
      'API_KEYS_FILE="/etc/predictor/keys.yaml" cannot be read: no such file; expected a readable file',
    ]);
  });

  it('names the file alone when no setting holds its path', async () => {
    const readStartupFile = createStartupFileReader({ config, readFile: failingWith('EACCES') });

    expect(await problemsOf(readStartupFile('/tmp/other.json'))).to.deep.equal([
      'file "/tmp/other.json" cannot be read: permission denied; expected a readable file',
    ]);
  });

  it('passes contents through and leaves errors without a file-system code alone', async () => {
    const bug = new TypeError('not a file-system error');
    expect(await createStartupFileReader({ config, readFile: async () => 'keys: []' })('/x')).to.equal('keys: []');
    const thrown = await createStartupFileReader({
      config,
      readFile: async () => {
        throw bug;
      },
    })('/x').catch((error: unknown) => error);
    expect(thrown).to.equal(bug);
  });
});
