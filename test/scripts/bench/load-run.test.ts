import { expect } from 'chai';
import { createRequestTimer, serverTimingOf } from '../../../predictor/protocol/server-timing.js';
import { durationOf } from '../../../scripts/bench/load-run.js';

describe('bench load run: Server-Timing', () => {
  it("reads the product's own time and its LLM wait from the header the product sends", () => {
    let clock = 0;
    const timer = createRequestTimer(() => clock);
    clock = 5;
    const end = timer.begin();
    clock = 2_005;
    end();
    clock = 2_012.5;
    const header = serverTimingOf(timer);

    expect([durationOf(header, 'total'), durationOf(header, 'llm'), durationOf(header, 'predictor')]).to.deep.equal([2012.5, 2000, 12.5]);
    expect(durationOf(header, 'gemini')).to.equal(undefined);
  });
});
