import { expect } from 'chai';
import { parseDurationMs } from '../../scripts/deploy/parse-duration.js';

describe('parseDurationMs', () => {
  it('reads kubectl-style durations, a bare number being seconds', () => {
    expect(['1500ms', '90s', '10m', '1h', '30', '0.5s'].map(parseDurationMs)).to.deep.equal([
      1500, 90_000, 600_000, 3_600_000, 30_000, 500,
    ]);
  });

  it('rejects anything else with the accepted forms', () => {
    expect(() => parseDurationMs('10 minutes')).to.throw(RangeError, 'use e.g. 90s, 10m, 1h or 1500ms');
  });
});
