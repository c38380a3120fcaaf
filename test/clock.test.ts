import { expect } from 'chai';
import { realSleep, realSleepKeepingProcessAlive, type Sleep } from '../predictor/clock.js';

const SLEEPS: ReadonlyArray<[string, Sleep]> = [
  ['realSleep', realSleep],
  ['realSleepKeepingProcessAlive', realSleepKeepingProcessAlive],
];

describe('clock', () => {
  for (const [name, sleep] of SLEEPS) {
    describe(name, () => {
      it('resolves once the time has passed', async () => {
        expect(await sleep(0)).to.equal(undefined);
      });

      it("rejects with its signal's reason when the signal aborts while it waits", async () => {
        const controller = new AbortController();
        const waiting = sleep(3_600_000, controller.signal).then(
          () => 'resolved',
          (error: unknown) => error,
        );
        const reason = new Error('stop');
        controller.abort(reason);
        expect(await waiting).to.equal(reason);
      });

      it('rejects at once when its signal has already aborted', async () => {
        const outcome = await sleep(3_600_000, AbortSignal.abort()).then(
          () => 'resolved',
          (error: unknown) => error,
        );
        expect(outcome).to.be.instanceOf(Error);
      });
    });
  }
});
