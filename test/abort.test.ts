import { expect } from 'chai';
import { getEventListeners } from 'node:events';
import { raceAbort, rejectOnAbort, toAbortError } from '../predictor/abort.js';
import { CancelledError, DeadlineExceededError, ServerNotReadyError } from '../predictor/errors.js';

describe('abort', () => {
  describe('raceAbort', () => {
    it('settles like the work when the signal does not abort', async () => {
      expect(await raceAbort(Promise.resolve(3), new AbortController().signal)).to.equal(3);
      const failure = new Error('model failed');
      const rejected = await raceAbort(Promise.reject(failure), new AbortController().signal).catch((error: unknown) => error);
      expect(rejected).to.equal(failure);
    });

    it('rejects with the abort reason as soon as the signal aborts', async () => {
      const controller = new AbortController();
      const reason = new Error('deadline');
      const waiting = raceAbort(new Promise<never>(() => undefined), controller.signal);
      controller.abort(reason);
      expect(await waiting.catch((error: unknown) => error)).to.equal(reason);
    });

    it('rejects at once when the signal is already aborted', async () => {
      const reason = new Error('gone');
      const work = Promise.reject(new Error('ignored'));
      expect(await raceAbort(work, AbortSignal.abort(reason)).catch((error: unknown) => error)).to.equal(reason);
    });

    it('rejects with the chosen error, made only when the abort wins', async () => {
      const controller = new AbortController();
      const made: Error[] = [];
      const toError = () => {
        const error = new CancelledError('left');
        made.push(error);
        return error;
      };
      expect(await raceAbort(Promise.resolve('done'), controller.signal, toError)).to.equal('done');
      const waiting = raceAbort(new Promise<never>(() => undefined), controller.signal, toError);
      controller.abort();
      expect(await waiting.catch((error: unknown) => error)).to.equal(made[0]);
      expect(made).to.have.length(1);
    });

    it('leaves no listener on the signal once the work has settled', async () => {
      const { signal } = new AbortController();
      await raceAbort(Promise.resolve(1), signal);
      await raceAbort(Promise.reject(new Error('failed')), signal).catch(() => undefined);
      expect(getEventListeners(signal, 'abort')).to.have.length(0);
    });

    it('is the work itself without a signal', () => {
      const work = Promise.resolve(1);
      expect(raceAbort(work, undefined)).to.equal(work);
    });
  });

  describe('rejectOnAbort', () => {
    it('rejects with the chosen error when the signal aborts, or at once if it already has', async () => {
      const controller = new AbortController();
      const error = new CancelledError('gone');
      const aborted = rejectOnAbort(controller.signal, () => error);
      controller.abort();
      expect(await aborted.promise.catch((caught: unknown) => caught)).to.equal(error);
      expect(await rejectOnAbort(controller.signal, () => error).promise.catch((caught: unknown) => caught)).to.equal(error);
    });

    it('removes its listener on dispose', () => {
      const { signal } = new AbortController();
      const aborted = rejectOnAbort(signal, () => new CancelledError('gone'));
      expect(getEventListeners(signal, 'abort')).to.have.length(1);
      aborted.dispose();
      expect(getEventListeners(signal, 'abort')).to.have.length(0);
    });
  });

  describe('toAbortError', () => {
    const nowMs = 1_000_000;

    it('keeps a PredictorError reason as it is', () => {
      const reason = new ServerNotReadyError('shutting down');
      expect(toAbortError(AbortSignal.abort(reason), undefined, nowMs)).to.equal(reason);
    });

    it('reports a TimeoutError reason or a passed deadline as deadline_exceeded', () => {
      const timedOut = toAbortError(AbortSignal.abort(new DOMException('late', 'TimeoutError')), undefined, nowMs);
      const passed = toAbortError(AbortSignal.abort(), nowMs, nowMs);
      expect([timedOut, passed].map((error) => error instanceof DeadlineExceededError)).to.deep.equal([true, true]);
    });

    it('reports any other abort as cancelled', () => {
      const error = toAbortError(AbortSignal.abort(), nowMs + 1, nowMs);
      expect(error).to.be.instanceOf(CancelledError);
    });
  });
});
