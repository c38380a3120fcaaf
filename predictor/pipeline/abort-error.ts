/**
 * @module pipeline/abort-error
 * Turns an aborted signal into the error the client should see: the deadline passing is
 * `deadline_exceeded`, anything else (disconnect, shutdown) is `cancelled`.
 */
import { CancelledError, DeadlineExceededError, PredictorError } from '../errors.js';

/** The error for an aborted `signal`; a PredictorError reason is passed through as-is. */
export function toAbortError(signal: AbortSignal, deadlineAtMs: number | undefined, nowMs: number): PredictorError {
  const reason: unknown = signal.reason;
  if (reason instanceof PredictorError) return reason;
  const isTimeout = reason instanceof Error && reason.name === 'TimeoutError';
  if (isTimeout || (deadlineAtMs !== undefined && nowMs >= deadlineAtMs)) {
    return new DeadlineExceededError('The request deadline passed before the pipeline finished', { cause: reason });
  }
  return new CancelledError('The request was cancelled', { cause: reason });
}

/**
 * A promise that rejects with the abort error when `signal` aborts; `dispose` removes the
 * listener so long-lived signals do not collect one per call.
 */
export function rejectOnAbort(
  signal: AbortSignal,
  toError: () => PredictorError,
): { readonly promise: Promise<never>; dispose(): void } {
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
