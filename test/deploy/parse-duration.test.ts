import { expect } from 'chai';
import { UsageError } from '../../scripts/deploy/cli-args.js';
import { formatDuration, parseDurationMs } from '../../scripts/deploy/parse-duration.js';

describe('parseDurationMs', () => {
  it('reads Go-style durations as kubectl takes them, compound ones included', () => {
    expect(['1500ms', '90s', '10m', '1h', '1m30s', '1h2m3s', '0.5s', '0'].map((text) => parseDurationMs(text))).to.deep.equal([
      1500, 90_000, 600_000, 3_600_000, 90_000, 3_723_000, 500, 0,
    ]);
  });

  it('refuses a bare number and prose with a usage error naming the flag and the accepted forms', () => {
    expect(() => parseDurationMs('30', '--timeout')).to.throw(
      UsageError,
      '--timeout: invalid duration "30": use e.g. 90s, 1m30s, 10m or 1h',
    );
    expect(() => parseDurationMs('10 minutes')).to.throw(UsageError);
    expect(() => parseDurationMs('1m30')).to.throw(UsageError);
  });

  it('prints durations back as kubectl does', () => {
    expect([90_000, 600_000, 5000, 0, 3_723_000].map(formatDuration)).to.deep.equal(['1m30s', '10m', '5s', '0s', '1h2m3s']);
  });
});
