/**
 * @module test/feedback/sinks
 * A CloudEvent sink double that keeps what it was sent and can be told to fail or stall.
 */
import type { CloudEvent, CloudEventSink } from '../../predictor/observability/cloud-events/cloud-event.js';

export interface RecordingSink extends CloudEventSink {
  readonly events: CloudEvent[];
  /** Sends fail with this error while set. */
  failWith?: Error;
  /** Sends wait for this promise while set. */
  stall?: Promise<void> | undefined;
}

export function createRecordingSink(): RecordingSink {
  const sink: RecordingSink = {
    kind: 'memory',
    events: [],
    async send(event) {
      if (sink.stall) await sink.stall;
      if (sink.failWith) throw sink.failWith;
      sink.events.push(event);
    },
    close: async () => {},
  };
  return sink;
}
