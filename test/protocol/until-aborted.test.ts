import { expect } from 'chai';
import { untilAborted } from '../../predictor/protocol/until-aborted.js';

describe('untilAborted', () => {
  it('settles like the work when the signal does not abort', async () => {
    expect(await untilAborted(Promise.resolve(3), new AbortController().signal)).to.equal(3);
    const failure = new Error('model failed');
    const rejected = await untilAborted(Promise.reject(failure), new AbortController().signal).catch((error: unknown) => error);
    expect(rejected).to.equal(failure);
  });

  it('rejects with the abort reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('deadline');
    const waiting = untilAborted(new Promise<never>(() => undefined), controller.signal);
    controller.abort(reason);
    expect(await waiting.catch((error: unknown) => error)).to.equal(reason);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const reason = new Error('gone');
    const work = Promise.reject(new Error('ignored'));
    expect(await untilAborted(work, AbortSignal.abort(reason)).catch((error: unknown) => error)).to.equal(reason);
  });
});
