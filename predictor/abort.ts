/**
 * @module abort
 * Stopping work when an AbortSignal fires (deadline, client gone, shutdown), in one
 * place: race a promise against a signal with the error the caller chooses, and the
 * error an aborted request reports. Every listener added here is removed once the race
 * is decided, so a long-lived signal (a request's, across many calls) collects none.
 */
import { CancelledError, DeadlineExceededError, PredictorError } from './errors.js';

/**
 * A promise that rejects with `toError()` when `signal` aborts (at once if it already
 * has); `dispose` removes the listener. For races of more than one promise; a single
 * promise is simpler with `raceAbort`.
 *
 * @example
 * const aborted = rejectOnAbort(signal, () => new CancelledError('gone'));
 * try { return await Promise.race([work, failedFast, aborted.promise]); } finally { aborted.dispose(); }
 */
export function rejectOnAbort(signal: AbortSignal, toError: () => Error): { readonly promise: Promise<never>; dispose(): void } {
  let onAbort: (() => void) | undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(toError());
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  // The race that awaits it handles the rejection; this stops an unhandled-rejection report
  // when the race was already won by another branch.
  promise.catch(() => undefined);
  return { promise, dispose: () => onAbort && signal.removeEventListener('abort', onAbort) };
}

/**
 * Settles like `work`, or rejects with `toError()` (default: the signal's reason) as soon
 * as `signal` aborts, even if the work ignores the signal. `toError` runs at most once,
 * only when the abort wins. Abandoned work may still fail later; that failure is handled
 * here, never an unhandled rejection. Without a signal this is `work` itself.
 *
 * @example
 * const response = await raceAbort(dataPlane.infer(name, version, request, context), context.signal);
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined, toError?: () => Error): Promise<T> {
  if (signal === undefined) return work;
  const aborted = rejectOnAbort(signal, toError ?? (() => signal.reason as Error));
  if (signal.aborted) {
    work.catch(() => undefined);
    return aborted.promise;
  }
  return new Promise<T>((resolve, reject) => {
    aborted.promise.catch(reject);
    work.then(
      (value) => {
        aborted.dispose();
        resolve(value);
      },
      (error: unknown) => {
        aborted.dispose();
        reject(error);
      },
    );
  });
}

/**
 * The error a request reports when its signal aborted: the deadline passing (a
 * TimeoutError reason, or `nowMs` at or past `deadlineAtMs`) is `deadline_exceeded`,
 * anything else (disconnect, shutdown) `cancelled`; a PredictorError reason is kept as-is.
 */
export function toAbortError(signal: AbortSignal, deadlineAtMs: number | undefined, nowMs: number): PredictorError {
  const reason: unknown = signal.reason;
  if (reason instanceof PredictorError) return reason;
  const isTimeout = reason instanceof Error && reason.name === 'TimeoutError';
  if (isTimeout || (deadlineAtMs !== undefined && nowMs >= deadlineAtMs)) {
    return new DeadlineExceededError('The request deadline passed before the pipeline finished', { cause: reason });
  }
  return new CancelledError('The request was cancelled', { cause: reason });
}
