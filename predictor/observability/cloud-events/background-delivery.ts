/**
 * @module observability/cloud-events/background-delivery
 * Sends CloudEvents without making the caller wait: failures are logged and counted, and
 * at most `maxPending` sends are outstanding (a stalled sink drops events instead of
 * growing memory). `flush` waits for what is in flight (tests, shutdown). For payload
 * logging, which must never slow an inference; feedback is acknowledged to a client, so it
 * goes through `group-commit` and waits until stored instead.
 */
import type { Logger } from '../logger.js';
import type { CloudEvent, CloudEventSink } from './cloud-event.js';

export interface BackgroundDelivery {
  deliver(event: CloudEvent): void;
  flush(): Promise<void>;
}

export interface BackgroundDeliveryOptions {
  readonly sink: CloudEventSink;
  readonly logger: Logger;
  /** What the events are, for log lines: `feedback`, `payload`. */
  readonly stream: string;
  readonly maxPending?: number;
  /** Called for each event not delivered (`failed` or `dropped`). */
  readonly onLost?: (reason: 'failed' | 'dropped') => void;
}

/** @example const delivery = createBackgroundDelivery({ sink, logger, stream: 'feedback' }); delivery.deliver(event); */
export function createBackgroundDelivery({
  sink,
  logger,
  stream,
  maxPending = 256,
  onLost,
}: BackgroundDeliveryOptions): BackgroundDelivery {
  const pending = new Set<Promise<void>>();
  return {
    deliver(event) {
      if (pending.size >= maxPending) {
        onLost?.('dropped');
        logger.warn('cloudevent dropped: sink backlog full', { stream, sink: sink.kind, event_id: event.id });
        return;
      }
      const sent = sink.send(event).catch((error: unknown) => {
        onLost?.('failed');
        logger.warn('cloudevent delivery failed', { stream, sink: sink.kind, event_id: event.id, error });
      });
      const tracked = sent.finally(() => pending.delete(tracked));
      pending.add(tracked);
    },
    async flush() {
      await Promise.all(pending);
    },
  };
}
