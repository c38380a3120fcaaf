/**
 * @module test/llm/middleware/manual-clock
 * A clock for tests: `now()` is an epoch ms the test moves; `sleep()` either advances the
 * clock at once (auto mode, for retry delays) or stays pending until `advance()` passes
 * its wake-up time (manual mode, for timers; zero-length sleeps resolve at once). Sleeps reject when their signal aborts.
 */

interface PendingSleep {
  readonly wakeAtMs: number;
  readonly resolve: () => void;
}

export interface ManualClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Moves the clock forward and wakes every sleep that is due. */
  advance(ms: number): void;
  /** Every sleep requested, in order (ms). */
  readonly sleeps: number[];
  readonly pendingCount: () => number;
}

export function createManualClock({ startMs = 1_700_000_000_000, isAutoAdvance = false } = {}): ManualClock {
  let nowMs = startMs;
  const sleeps: number[] = [];
  let pending: PendingSleep[] = [];
  const clock: ManualClock = {
    now: () => nowMs,
    sleeps,
    pendingCount: () => pending.length,
    advance(ms) {
      nowMs += ms;
      const due = pending.filter((sleep) => sleep.wakeAtMs <= nowMs);
      pending = pending.filter((sleep) => sleep.wakeAtMs > nowMs);
      for (const sleep of due) sleep.resolve();
    },
    sleep(ms, signal) {
      sleeps.push(ms);
      if (signal?.aborted) return Promise.reject(signal.reason);
      // A zero-length sleep (full jitter drew 0) is due at once, in manual mode too.
      if (isAutoAdvance || ms <= 0) {
        nowMs += ms;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const entry: PendingSleep = { wakeAtMs: nowMs + ms, resolve };
        pending.push(entry);
        signal?.addEventListener(
          'abort',
          () => {
            pending = pending.filter((sleep) => sleep !== entry);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    },
  };
  return clock;
}

/** Lets every queued promise callback run (not a time-based wait). */
export function flushPromises(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
