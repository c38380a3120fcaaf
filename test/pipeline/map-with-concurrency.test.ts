import { expect } from 'chai';
import { mapWithConcurrency } from '../../predictor/pipeline/map-with-concurrency.js';

describe('mapWithConcurrency', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let maxRunning = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (value) => {
      maxRunning = Math.max(maxRunning, ++running);
      for (let tick = 0; tick < value; tick++) await Promise.resolve();
      running--;
      return value * 10;
    });
    expect(results).to.deep.equal([50, 10, 40, 20, 30]);
    expect(maxRunning).to.equal(2);
  });

  it('starts no new task after a failure and rethrows it', async () => {
    const started: number[] = [];
    const failure = new Error('boom');
    const error = await mapWithConcurrency([0, 1, 2, 3], 1, async (value) => {
      started.push(value);
      if (value === 1) throw failure;
      return value;
    }).catch((caught: unknown) => caught);
    expect(error).to.equal(failure);
    expect(started).to.deep.equal([0, 1]);
  });
});
