import { expect } from 'chai';
import { validTraceparent } from '../../predictor/protocol/traceparent.js';

describe('validTraceparent', () => {
  const valid = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('passes a valid version-00 header through', () => {
    expect(validTraceparent(valid)).to.equal(valid);
  });

  it('accepts future versions with extra fields', () => {
    expect(validTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra')).to.be.a('string');
  });

  it('rejects malformed, all-zero, version ff and overlong headers', () => {
    for (const header of [
      undefined,
      'garbage',
      valid.toUpperCase(),
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      `${valid}-extra`,
      `01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-${'x'.repeat(600)}`,
    ]) {
      expect(validTraceparent(header), String(header)).to.equal(undefined);
    }
  });
});
