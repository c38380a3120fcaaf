import { expect } from 'chai';
import { createInFlightRequests } from '../../predictor/protocol/in-flight-requests.js';

describe('createInFlightRequests', () => {
  it('is idle at once when nothing is tracked', async () => {
    await createInFlightRequests().whenIdle();
  });

  it('counts tracked requests and resolves whenIdle after the last release', async () => {
    const inFlight = createInFlightRequests();
    const releaseFirst = inFlight.track(new AbortController());
    const releaseSecond = inFlight.track(new AbortController());
    let isIdle = false;
    const idle = inFlight.whenIdle().then(() => (isIdle = true));
    releaseFirst();
    await Promise.resolve();
    expect([inFlight.size, isIdle]).to.deep.equal([1, false]);
    releaseSecond();
    await idle;
    expect(inFlight.size).to.equal(0);
  });

  it('aborts every tracked request with the reason', () => {
    const inFlight = createInFlightRequests();
    const first = new AbortController();
    const second = new AbortController();
    inFlight.track(first);
    inFlight.track(second);
    const reason = new Error('shutdown');
    inFlight.abortAll(reason);
    expect([first.signal.reason, second.signal.reason]).to.deep.equal([reason, reason]);
  });
});
