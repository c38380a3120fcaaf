import { expect } from 'chai';
import { createSpendWindow } from '../../predictor/evaluation/spend-window.js';

describe('createSpendWindow', () => {
  it('sums the spend of the last window and forgets what is older', () => {
    let nowMs = 1_000;
    const spend = createSpendWindow({ windowMs: 100, now: () => nowMs });
    spend.add(0.5);
    nowMs += 60;
    spend.add(0.25);
    expect(spend.totalUsd()).to.equal(0.75);
    nowMs += 41;
    expect(spend.totalUsd()).to.equal(0.25);
    spend.add(0);
    nowMs += 60;
    expect(spend.totalUsd()).to.equal(0);
  });
});
