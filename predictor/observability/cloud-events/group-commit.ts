/**
 * @module observability/cloud-events/group-commit
 * Acknowledged writes to a CloudEvent sink with group commit: `store` resolves only once the
 * sink has stored the event. One write is in progress at a time; records that arrive while
 * it runs wait and go together in the next write (one append and one sync for the JSONL
 * file), so many concurrent callers cost a few writes, not one each.
 *
 * Nothing is dropped silently: past `maxPending` records (waiting plus being written) a
 * store is refused at once with OverloadedError, and a failed write rejects every store
 * in it. `close` writes everything still waiting before it closes the sink (shutdown).
 */
import { OverloadedError } from '../../errors.js';
import type { CloudEvent, CloudEventSink } from './cloud-event.js';

export interface StoreOptions {
  /**
   * Aborting stops the wait with `signal.reason`. A record still waiting is withdrawn and
   * never written; one already being written may still be stored (`onStored` says so).
   */
  readonly signal?: AbortSignal;
  /** Called once the record is stored, even when its caller stopped waiting. */
  readonly onStored?: () => void;
}

export interface GroupCommit {
  /** Resolves once `event` is stored; rejects with OverloadedError, the sink's error, or the abort reason. */
  store(event: CloudEvent, options?: StoreOptions): Promise<void>;
  /** Records waiting or being written. */
  readonly pendingCount: number;
  /** Refuses new records, writes the waiting ones, then closes the sink. */
  close(): Promise<void>;
}

export interface GroupCommitOptions {
  readonly sink: CloudEventSink;
  /** Most records waiting or being written; past it `store` is refused. */
  readonly maxPending: number;
  /** Retry-After of a refusal, in seconds. */
  readonly retryAfterSeconds?: number;
}

interface Entry {
  readonly event: CloudEvent;
  readonly onStored: (() => void) | undefined;
  resolve(): void;
  reject(error: unknown): void;
  detach(): void;
}

/** @example const commit = createGroupCommit({ sink, maxPending: 1024 }); await commit.store(event, { signal }); */
export function createGroupCommit({ sink, maxPending, retryAfterSeconds = 1 }: GroupCommitOptions): GroupCommit {
  // A Set keeps arrival order and withdraws an aborted record in O(1).
  const waiting = new Set<Entry>();
  let writingCount = 0;
  let writing: Promise<void> | undefined;
  let isClosing = false;

  function stored(entry: Entry): void {
    entry.detach();
    entry.onStored?.();
    entry.resolve();
  }

  function failed(entry: Entry, error: unknown): void {
    entry.detach();
    entry.reject(error);
  }

  async function write(batch: readonly Entry[]): Promise<void> {
    if (sink.sendBatch === undefined) {
      await Promise.all(
        batch.map(async (entry) => {
          try {
            await sink.send(entry.event);
          } catch (error) {
            failed(entry, error);
            return;
          }
          stored(entry);
        }),
      );
      return;
    }
    try {
      await sink.sendBatch(batch.map((entry) => entry.event));
    } catch (error) {
      for (const entry of batch) failed(entry, error);
      return;
    }
    for (const entry of batch) stored(entry);
  }

  function writeNext(): void {
    if (writing !== undefined || waiting.size === 0) return;
    const batch = [...waiting];
    waiting.clear();
    writingCount = batch.length;
    // write() settles every entry itself; the catch only keeps a throwing onStored from
    // becoming an unhandled rejection that would stop the process.
    writing = write(batch)
      .catch(() => undefined)
      .finally(() => {
        writing = undefined;
        writingCount = 0;
        writeNext();
      });
  }

  return {
    store(event, { signal, onStored } = {}) {
      if (isClosing)
        return Promise.reject(new OverloadedError('Feedback is not accepted while the server shuts down', { retryAfterSeconds }));
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      if (waiting.size + writingCount >= maxPending) {
        return Promise.reject(
          new OverloadedError(`Feedback backlog is full (${maxPending} records waiting for the sink)`, { retryAfterSeconds }),
        );
      }
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          waiting.delete(entry);
          reject(signal?.reason as Error);
        };
        const entry: Entry = { event, onStored, resolve, reject, detach: () => signal?.removeEventListener('abort', onAbort) };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.add(entry);
        writeNext();
      });
    },
    get pendingCount() {
      return waiting.size + writingCount;
    },
    async close() {
      isClosing = true;
      // Each finished write starts the next one before `writing` settles for its awaiters.
      while (writing !== undefined) await writing;
      await sink.close();
    },
  };
}
