/**
 * @module clock
 * Time and chance as dependencies: `now` in epoch ms (it is compared with request
 * deadlines), an abortable `sleep`, and `random` for jitter. Production passes the real
 * ones below; tests pass a manual clock and never really wait.
 *
 * One abort behaviour for every `Sleep`: when its signal aborts, the sleep REJECTS (with
 * the signal's reason or an AbortError carrying it). A caller that only wants to stop
 * waiting treats that rejection as "the wait is over", as the server's drain does.
 */
/** Current time in epoch milliseconds. */
export type Now = () => number;

/** Waits `ms`; rejects as soon as `signal` aborts (at once if it already has). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A number in [0, 1). */
export type Random = () => number;

/**
 * Real sleep whose timer does not keep the process alive: a pending retry backoff or
 * call timeout never delays the process's exit.
 */
export const realSleep: Sleep = (ms, signal) => sleepFor(ms, signal, { keepsProcessAlive: false });

/**
 * Real sleep whose timer keeps the process alive until it fires, for waits the process
 * must see through, such as the shutdown drain (an empty event loop would otherwise end
 * the process before the drain finishes).
 */
export const realSleepKeepingProcessAlive: Sleep = (ms, signal) => sleepFor(ms, signal, { keepsProcessAlive: true });

/**
 * A timer that rejects with the signal's own reason when it aborts. Not `timers/promises`:
 * its AbortError captures a stack trace on every abort, and every LLM call ends by aborting
 * its timeout's sleep (about 60 µs of CPU a call, under load).
 */
function sleepFor(ms: number, signal: AbortSignal | undefined, { keepsProcessAlive }: { keepsProcessAlive: boolean }): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (!keepsProcessAlive) timer.unref();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Resolves on a later turn of the event loop (after pending I/O such as health probes), so
 * a request that has just done a long synchronous stretch (parsing, decoding, a slice of a
 * detector) lets other requests in before its next one.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
