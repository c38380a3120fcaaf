/**
 * @module emulator/emulator-stream
 * `:streamGenerateContent?alt=sse`: the answer as text deltas, one
 * `data: <GenerateContentResponse>` event per chunk with CRLF blank-line delimiters (as the
 * service sends them); finishReason, full usage and grounding ride on the last chunk.
 */
import type { ServerResponse } from 'node:http';
import type { EmulatorRpcError } from './emulator-http.js';
import type { WireGenerateResponse } from './emulator-wire.js';

const TARGET_CHUNK_CHARS = 256;
const MAX_CHUNKS = 8;

/** Splits text into at most MAX_CHUNKS deltas, at spaces where possible. */
function splitDeltas(text: string): string[] {
  const size = Math.max(TARGET_CHUNK_CHARS, Math.ceil(text.length / MAX_CHUNKS));
  const deltas: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    const space = text.lastIndexOf(' ', end);
    if (end < text.length && space > start) end = space + 1;
    deltas.push(text.slice(start, end));
    start = end;
  }
  return deltas.length > 0 ? deltas : [''];
}

/** The chunks of a complete response, in stream order. */
export function toStreamChunks(response: WireGenerateResponse): WireGenerateResponse[] {
  const candidate = response.candidates?.[0];
  const text = candidate?.content?.parts.map((part) => part.text ?? '').join('') ?? '';
  if (candidate?.content === undefined) return [response];
  const deltas = splitDeltas(text);
  const { promptTokenCount, cachedContentTokenCount } = response.usageMetadata;
  const earlyUsage = {
    promptTokenCount,
    ...(cachedContentTokenCount === undefined ? {} : { cachedContentTokenCount }),
    totalTokenCount: promptTokenCount,
  };
  return deltas.map((delta, index) => {
    const isLast = index === deltas.length - 1;
    const { finishReason, groundingMetadata } = candidate;
    return {
      candidates: [
        {
          content: { role: 'model', parts: [{ text: delta }] },
          index: 0,
          ...(isLast ? { finishReason, ...(groundingMetadata ? { groundingMetadata } : {}) } : {}),
        },
      ],
      usageMetadata: isLast ? response.usageMetadata : earlyUsage,
      modelVersion: response.modelVersion,
      responseId: response.responseId,
    };
  });
}

/** Writes the stream; with `midstreamError`, only the first chunk and then that error event. */
export function writeStream(response: ServerResponse, chunks: readonly WireGenerateResponse[], midstreamError?: EmulatorRpcError): void {
  if (response.destroyed) return;
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const events = midstreamError ? [chunks[0] ?? {}, midstreamError.toBody()] : chunks;
  // One write: the body is small, and a single syscall keeps the emulator fast under load.
  response.end(events.map((event) => `data: ${JSON.stringify(event)}\r\n\r\n`).join(''));
}
