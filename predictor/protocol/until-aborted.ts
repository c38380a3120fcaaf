/**
 * @module protocol/until-aborted
 * Lets a handler stop waiting for work when the request's signal aborts (deadline, client
 * gone, shutdown), even if the model does not honour the signal itself.
 */

/** Settles like `work`, or rejects with `signal.reason` as soon as `signal` aborts. */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined); // abandoned: its failure must not become an unhandled rejection
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
