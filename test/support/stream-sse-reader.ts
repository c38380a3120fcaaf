/**
 * @module test/support/stream-sse-reader
 * Reads server-sent events from a fetch response one at a time, as they arrive (no
 * buffering of the whole body): `next()` resolves with the next event, or undefined at the end.
 */

export interface SseEvent {
  /** `message` unless the event names another type. */
  readonly event: string;
  readonly data: unknown;
}

export interface SseReader {
  next(): Promise<SseEvent | undefined>;
  /** Every remaining event, until the stream ends. */
  rest(): Promise<SseEvent[]>;
}

function parseEvent(block: string): SseEvent {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  return { event, data: JSON.parse(data.join('\n')) as unknown };
}

/** @example const events = readSse(await fetch(url, { method: 'POST', body })); const first = await events.next(); */
export function readSse(response: Response): SseReader {
  if (!response.body) throw new Error('response has no body');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (): Promise<SseEvent | undefined> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.split('\n').some((line) => line.startsWith('data:'))) return parseEvent(block);
        continue;
      }
      const { value, done } = await reader.read();
      if (done) return undefined;
      buffer += value;
    }
  };
  return {
    next,
    async rest() {
      const events: SseEvent[] = [];
      for (let event = await next(); event !== undefined; event = await next()) events.push(event);
      return events;
    },
  };
}
