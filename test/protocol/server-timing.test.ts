import { expect } from 'chai';
import { createRequestTimer, serverTimingOf } from '../../predictor/protocol/server-timing.js';

describe('createRequestTimer', () => {
  let clock = 0;
  const now = () => clock;

  beforeEach(() => {
    clock = 1000;
  });

  it('counts overlapping upstream calls once: the time at least one was in flight', () => {
    const timer = createRequestTimer(now);
    clock = 1010;
    const endFirst = timer.begin();
    clock = 1020;
    const endSecond = timer.begin();
    clock = 1050;
    endFirst();
    clock = 1070;
    endSecond();
    clock = 1100;
    expect(timer.upstreamMs()).to.equal(60);
    expect(timer.totalMs()).to.equal(100);
  });

  it('adds separate calls, counts a call still in flight up to now, and ignores a second end', () => {
    const timer = createRequestTimer(now);
    const end = timer.begin();
    clock = 1005;
    end();
    end();
    clock = 1020;
    timer.begin();
    clock = 1030;
    expect(timer.upstreamMs()).to.equal(15);
  });

  it('renders total, llm and the predictor remainder', () => {
    const timer = createRequestTimer(now);
    const end = timer.begin();
    clock = 1012.25;
    end();
    clock = 1020;
    expect(serverTimingOf(timer)).to.equal(
      'total;dur=20.0, llm;dur=12.3;desc="waiting on the LLM backend", predictor;dur=7.8;desc="predictor\'s own time"',
    );
  });
});
