import { expect } from 'chai';
import { ConfigError } from '../../predictor/errors.js';
import { createJobIdCodec } from '../../predictor/jobs/job-id-codec.js';
import { JobNotFoundError } from '../../predictor/jobs/job-not-found-error.js';
import { TEST_ID_SECRET } from './job-test-kit.js';

const SCOPE = { modelName: 'podcast-pipeline', principalId: 'alice' };
const HANDLE = { batchNames: ['batches/q7w8e9r0', 'batches/emu-000002'], episodeCount: 3 };

function decodeError(decode: () => unknown): unknown {
  try {
    decode();
  } catch (error) {
    return error;
  }
  return expect.fail('expected decode to throw');
}

describe('createJobIdCodec', () => {
  it('round-trips batch names and episode count, on any codec with the same secret', () => {
    const id = createJobIdCodec({ secret: TEST_ID_SECRET }).encode(HANDLE, SCOPE);

    const decoded = createJobIdCodec({ secret: TEST_ID_SECRET }).decode(id, SCOPE);

    expect(decoded).to.deep.equal(HANDLE);
    expect(id).to.match(/^j1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
  });

  it('binds the id to the model, the caller and the secret', () => {
    const codec = createJobIdCodec({ secret: TEST_ID_SECRET });
    const id = codec.encode(HANDLE, SCOPE);

    expect(decodeError(() => codec.decode(id, { ...SCOPE, principalId: 'bob' }))).to.be.instanceOf(JobNotFoundError);
    expect(decodeError(() => codec.decode(id, { ...SCOPE, modelName: 'other' }))).to.be.instanceOf(JobNotFoundError);
    const otherSecret = createJobIdCodec({ secret: `${TEST_ID_SECRET}-rotated` });
    expect(decodeError(() => otherSecret.decode(id, SCOPE))).to.be.instanceOf(JobNotFoundError);
  });

  it('rejects a payload naming another batch under the original tag', () => {
    const codec = createJobIdCodec({ secret: TEST_ID_SECRET });
    const [version, , tag] = codec.encode(HANDLE, SCOPE).split('.');
    const forged = Buffer.from(JSON.stringify({ n: 3, b: ['someone-elses-batch'] })).toString('base64url');

    expect(decodeError(() => codec.decode(`${version}.${forged}.${tag}`, SCOPE))).to.be.instanceOf(JobNotFoundError);
  });

  it('accepts only the canonical spelling of the tag', () => {
    const codec = createJobIdCodec({ secret: TEST_ID_SECRET });
    const id = codec.encode(HANDLE, SCOPE);
    const last = id.at(-1)!;
    // The last of 22 base64 characters carries 2 bits of the 16-byte tag; its 4 spare bits must stay 0.
    const respelled = `${id.slice(0, -1)}${String.fromCharCode(last.charCodeAt(0) + 1)}`;

    expect(decodeError(() => codec.decode(respelled, SCOPE))).to.be.instanceOf(JobNotFoundError);
  });

  it('answers not found for malformed ids without reading them', () => {
    const codec = createJobIdCodec({ secret: TEST_ID_SECRET });
    for (const id of [
      '',
      'batches/q7w8e9r0',
      'j2.abc.AAAAAAAAAAAAAAAAAAAAAA',
      'j1.a b.AAAAAAAAAAAAAAAAAAAAAA',
      `j1.${'a'.repeat(5000)}.AAAAAAAAAAAAAAAAAAAAAA`,
    ]) {
      expect(
        decodeError(() => codec.decode(id, SCOPE)),
        id.slice(0, 20),
      ).to.be.instanceOf(JobNotFoundError);
    }
  });

  it('refuses a short secret and batch names it could not decode', () => {
    expect(() => createJobIdCodec({ secret: 'short' })).to.throw(ConfigError, /at least 32 bytes/);
    const codec = createJobIdCodec({ secret: new Uint8Array(32).fill(7) });
    expect(() => codec.encode({ batchNames: ['batches/has/slash'], episodeCount: 1 }, SCOPE)).to.throw(/Cannot encode/);
    expect(() => codec.encode({ batchNames: [], episodeCount: 1 }, SCOPE)).to.throw(/Cannot encode/);
  });
});
