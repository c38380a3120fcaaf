/**
 * @module observability/cloud-events/cloud-event
 * CloudEvents 1.0 as the KServe inference logger sends them: the attributes, their
 * structured JSON form (one line of a JSONL file) and their binary HTTP form (`ce-*`
 * headers, the data as the body). Shared by the feedback service and the payload logger.
 */

export const CLOUD_EVENTS_SPEC_VERSION = '1.0';

export interface CloudEvent {
  /** Unique per source; the KServe logger uses the inference request id. */
  readonly id: string;
  readonly source: string;
  /** Reverse-DNS type, e.g. `org.kubeflow.serving.inference.request`. */
  readonly type: string;
  /** RFC 3339 timestamp. */
  readonly time: string;
  /** JSON-serialisable payload (bigints are written as strings). */
  readonly data: unknown;
  /** Extension attributes; names are lowercase letters and digits (`inferenceservicename`). */
  readonly extensions?: Readonly<Record<string, string>>;
}

/** Writes bigints (INT64 tensors) as decimal strings: JSON has no 64-bit integers. */
export function serialiseData(data: unknown): string {
  return JSON.stringify(data, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

/** The structured-mode JSON text of an event. */
export function toStructuredCloudEvent(event: CloudEvent): string {
  const attributes = {
    specversion: CLOUD_EVENTS_SPEC_VERSION,
    id: event.id,
    source: event.source,
    type: event.type,
    time: event.time,
    datacontenttype: 'application/json',
    ...event.extensions,
  };
  return `${serialiseData(attributes).slice(0, -1)},"data":${serialiseData(event.data) ?? 'null'}}`;
}

/** The binary-mode HTTP headers of an event (the body is the serialised data). */
export function toBinaryHeaders(event: CloudEvent): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'ce-specversion': CLOUD_EVENTS_SPEC_VERSION,
    'ce-id': event.id,
    'ce-source': event.source,
    'ce-type': event.type,
    'ce-time': event.time,
  };
  for (const [name, value] of Object.entries(event.extensions ?? {})) headers[`ce-${name}`] = value;
  return headers;
}

/** Where events go. `send` resolves only once the event is stored (file) or accepted (HTTP 2xx). */
export interface CloudEventSink {
  /** For logs and metrics: `file` or `http`. */
  readonly kind: string;
  send(event: CloudEvent): Promise<void>;
  /**
   * Stores several events in one write, all or none (a sink that can: the JSONL file).
   * Without it, a batch is sent event by event, each with its own outcome.
   */
  sendBatch?(events: readonly CloudEvent[]): Promise<void>;
  /** Waits for pending writes and releases resources. */
  close(): Promise<void>;
}
