/**
 * @module llm/middleware/clock
 * Time as a dependency of the resilience middleware (STYLE 3.2): `now` in epoch ms (it
 * is compared with request deadlines), an abortable `sleep`, and `random` for jitter.
 * Production passes these defaults; tests pass a manual clock and never really wait.
 */
import { setTimeout as sleepTimer } from 'node:timers/promises';

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Current time in epoch milliseconds. */
export type Now = () => number;

/** A number in [0, 1). */
export type Random = () => number;

/** Real abortable sleep; the timer is unref'd so a pending backoff never holds the process open. */
export const realSleep: Sleep = async (ms, signal) => {
  await sleepTimer(ms, undefined, { signal, ref: false });
};
