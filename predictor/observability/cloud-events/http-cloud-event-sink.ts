/**
 * @module observability/cloud-events/http-cloud-event-sink
 * A CloudEvent sink that POSTs each event in binary mode — `ce-specversion`, `ce-id`,
 * `ce-type`, `ce-source` headers and the data as a JSON body — as KServe's inference logger
 * does, so the same receivers (Knative eventing broker, a logger service) accept it.
 */
import { serialiseData, toBinaryHeaders, type CloudEventSink } from './cloud-event.js';

export interface HttpCloudEventSinkOptions {
  readonly url: string;
  /** Injected for tests; global fetch by default. */
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

/** @example const sink = createHttpCloudEventSink({ url: 'http://broker-ingress.knative-eventing/default/default' }); */
export function createHttpCloudEventSink({ url, fetch: send = fetch, timeoutMs = 5000 }: HttpCloudEventSinkOptions): CloudEventSink {
  const pending = new Set<Promise<void>>();
  async function post(event: Parameters<CloudEventSink['send']>[0]): Promise<void> {
    const response = await send(url, {
      method: 'POST',
      headers: toBinaryHeaders(event),
      body: serialiseData(event.data),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Drain the body so the connection returns to the pool.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`CloudEvent sink answered HTTP ${response.status}`);
  }
  return {
    kind: 'http',
    send(event) {
      const sent = post(event);
      const tracked = sent.catch(() => undefined).finally(() => pending.delete(tracked));
      pending.add(tracked);
      return sent;
    },
    async close() {
      await Promise.all(pending);
    },
  };
}
