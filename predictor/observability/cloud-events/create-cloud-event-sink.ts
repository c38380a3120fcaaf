/**
 * @module observability/cloud-events/create-cloud-event-sink
 * Picks a sink from a URL setting (FEEDBACK_SINK, PAYLOAD_LOG_SINK): `file:///path` → JSON
 * lines file, `http(s)://...` → binary-mode CloudEvents POST, `off` → none.
 */
import { fileURLToPath } from 'node:url';
import type { CloudEventSink } from './cloud-event.js';
import { createHttpCloudEventSink } from './http-cloud-event-sink.js';
import { createJsonlFileSink } from './jsonl-file-sink.js';

export interface CreateCloudEventSinkOptions {
  readonly url: string;
  readonly fetch?: typeof fetch;
  readonly appendFile?: (path: string, text: string) => Promise<void>;
  /** How long an HTTP sink waits for the receiver's answer. */
  readonly timeoutMs?: number;
}

/** The sink for `url`, or undefined for `off`; config has already validated the scheme. */
export function createCloudEventSink({ url, fetch, appendFile, timeoutMs }: CreateCloudEventSinkOptions): CloudEventSink | undefined {
  if (url === 'off') return undefined;
  if (url.startsWith('file:')) return createJsonlFileSink({ path: fileURLToPath(url), ...(appendFile ? { appendFile } : {}) });
  return createHttpCloudEventSink({ url, ...(fetch ? { fetch } : {}), ...(timeoutMs === undefined ? {} : { timeoutMs }) });
}
