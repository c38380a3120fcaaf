import { expect } from 'chai';
import { ConfigError } from '../../predictor/errors.js';
import { resolveJobIdSecret } from '../../predictor/jobs/resolve-job-id-secret.js';
import { CollectingLogger } from '../fakes/collecting-logger.js';

const FIXED_BYTES = (size: number) => new Uint8Array(size).fill(9);

describe('resolveJobIdSecret', () => {
  it('uses the configured secret on any backend', () => {
    const logger = new CollectingLogger();
    expect(resolveJobIdSecret({ configuredSecret: 's'.repeat(40), backend: 'gemini', logger })).to.equal('s'.repeat(40));
    expect(logger.lines).to.deep.equal([]);
  });

  it('requires the secret on the gemini backend', () => {
    expect(() => resolveJobIdSecret({ backend: 'gemini', logger: new CollectingLogger() })).to.throw(
      ConfigError,
      /JOBS_ID_SECRET is required/,
    );
  });

  it('generates a per-process key for the emulator, with a warning', () => {
    const logger = new CollectingLogger();

    const secret = resolveJobIdSecret({ backend: 'emulator', logger, randomBytes: FIXED_BYTES });

    expect(secret).to.deep.equal(new Uint8Array(32).fill(9));
    expect(logger.lines.map((line) => line.level)).to.deep.equal(['warn']);
  });

  it('generates a key silently on vertex, where jobs answer 501', () => {
    const logger = new CollectingLogger();
    resolveJobIdSecret({ backend: 'vertex', logger, randomBytes: FIXED_BYTES });
    expect(logger.lines).to.deep.equal([]);
  });
});
