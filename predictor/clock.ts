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
import { setTimeout as sleepTimer } from 'node:timers/promises';

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
export const realSleep: Sleep = async (ms, signal) => {
  await sleepTimer(ms, undefined, { signal, ref: false });
};

/**
 * Real sleep whose timer keeps the process alive until it fires, for waits the process
 * must see through, such as the shutdown drain (an empty event loop would otherwise end
 * the process before the drain finishes).
 */
export const realSleepKeepingProcessAlive: Sleep = async (ms, signal) => {
  await sleepTimer(ms, undefined, { signal });
};

/**
 * Resolves on a later turn of the event loop (after pending I/O such as health probes), so
 * a request that has just done a long synchronous stretch (parsing, decoding, a slice of a
 * detector) lets other requests in before its next one.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
