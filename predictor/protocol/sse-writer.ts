/**
 * @module protocol/sse-writer
 * Server-sent events (WHATWG HTML, "Server-sent events") on an Express response: the
 * headers go out with the first event, so an error before it is still an ordinary JSON
 * error response. Each event is one `data:` line of JSON (JSON escapes every newline), with
 * an `event:` name when it is not a plain message.
 */
import type { Response } from 'express';

export interface SseWriter {
  /** Whether the headers (and so at least one event) were sent. */
  readonly isStarted: boolean;
  /** Sends one event; a no-op once the client has gone. */
  send(data: unknown, event?: string): void;
  /** Ends the stream (after its last event). */
  end(): void;
}

/** @example const events = createSseWriter(response); events.send({ text_output: 'Hi' }); events.end(); */
export function createSseWriter(response: Response): SseWriter {
  let isStarted = false;
  const start = (): void => {
    isStarted = true;
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream');
    response.setHeader('Cache-Control', 'no-cache');
    // Proxies that buffer (nginx) would hold every event until the end.
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
  };
  return {
    get isStarted() {
      return isStarted;
    },
    send(data, event) {
      if (response.destroyed || response.writableEnded) return;
      if (!isStarted) start();
      response.write(`${event === undefined ? '' : `event: ${event}\n`}data: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      if (!isStarted) start();
      if (!response.writableEnded) response.end();
    },
  };
}
