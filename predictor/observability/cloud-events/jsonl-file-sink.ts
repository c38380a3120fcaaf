/**
 * @module observability/cloud-events/jsonl-file-sink
 * A CloudEvent sink that appends one structured event per line to a local file (the
 * default: `/tmp/feedback.jsonl`, as a read-only root filesystem leaves only /tmp). A send
 * or a batch resolves only after its lines are written and `fdatasync`ed, so an
 * acknowledged record survives a crash of the process or the node. Writes are serialised,
 * so lines never interleave; a batch is one append, so one sync covers every record in it.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { toStructuredCloudEvent, type CloudEvent, type CloudEventSink } from './cloud-event.js';

export interface JsonlFileSinkOptions {
  readonly path: string;
  /** Appends `text` and resolves once it is on disk. Injected for tests; `appendDurably` by default. */
  readonly appendFile?: (path: string, text: string) => Promise<void>;
}

/** The parts of a `FileHandle` an append uses (injected in tests to fail a write). */
export type AppendHandle = Pick<FileHandle, 'stat' | 'writeFile' | 'datasync' | 'truncate' | 'close'>;

/**
 * Appends `text` to `path` and syncs the data to disk before resolving. A failed write is
 * cut back to the previous end of the file, so a torn line never glues itself to the next
 * record (this sink is the file's only writer).
 */
export async function appendDurably(
  path: string,
  text: string,
  openFile: (path: string, flags: 'a') => Promise<AppendHandle> = open,
): Promise<void> {
  const handle = await openFile(path, 'a');
  try {
    const { size } = await handle.stat();
    try {
      await handle.writeFile(text, 'utf8');
      await handle.datasync();
    } catch (error) {
      await handle.truncate(size).catch(() => undefined);
      throw error;
    }
  } finally {
    await handle.close();
  }
}

/** @example const sink = createJsonlFileSink({ path: '/tmp/feedback.jsonl' }); */
export function createJsonlFileSink({ path, appendFile = appendDurably }: JsonlFileSinkOptions): CloudEventSink {
  let tail: Promise<void> = Promise.resolve();
  function append(events: readonly CloudEvent[]): Promise<void> {
    const text = events.map((event) => `${toStructuredCloudEvent(event)}\n`).join('');
    const written = tail.then(() => appendFile(path, text));
    // The chain continues after a failed write; the caller still sees its own failure.
    tail = written.catch(() => undefined);
    return written;
  }
  return {
    kind: 'file',
    send: (event) => append([event]),
    sendBatch: append,
    close: () => tail,
  };
}
