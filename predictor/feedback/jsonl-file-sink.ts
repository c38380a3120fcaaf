/**
 * @module feedback/jsonl-file-sink
 * A CloudEvent sink that appends one structured event per line to a local file (the
 * default: `/tmp/feedback.jsonl`, as a read-only root filesystem leaves only /tmp). Writes
 * are serialised, so lines never interleave.
 */
import { appendFile as appendFileToDisk } from 'node:fs/promises';
import { toStructuredCloudEvent, type CloudEventSink } from './cloud-event.js';

export interface JsonlFileSinkOptions {
  readonly path: string;
  /** Injected for tests; node:fs/promises appendFile by default. */
  readonly appendFile?: (path: string, text: string) => Promise<void>;
}

/** @example const sink = createJsonlFileSink({ path: '/tmp/feedback.jsonl' }); */
export function createJsonlFileSink({ path, appendFile = (file, text) => appendFileToDisk(file, text, 'utf8') }: JsonlFileSinkOptions): CloudEventSink {
  let tail: Promise<void> = Promise.resolve();
  return {
    kind: 'file',
    send(event) {
      const line = `${toStructuredCloudEvent(event)}\n`;
      const written = tail.then(() => appendFile(path, line));
      // The chain continues after a failed write; the caller still sees its own failure.
      tail = written.catch(() => undefined);
      return written;
    },
    close: () => tail,
  };
}
