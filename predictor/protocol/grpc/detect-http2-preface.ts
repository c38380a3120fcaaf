/**
 * @module protocol/grpc/detect-http2-preface
 * Tells an HTTP/2 prior-knowledge (h2c) connection from an HTTP/1.1 one by its first bytes:
 * an h2c client opens with the 24-byte connection preface (RFC 9113 §3.4), which no HTTP/1.1
 * request line can start with. Waits only as long as the bytes so far could still be it.
 */
import type { Socket } from 'node:net';

/** RFC 9113 §3.4: the client connection preface. */
export const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

export type ConnectionKind = 'h2c' | 'http1';

/**
 * Reads from `socket` until its kind is known, then pauses it and calls `onDetected` with the
 * bytes read so far (which the next owner of the socket must see first). A socket that ends or
 * fails first is destroyed and never reported.
 */
export function detectHttp2Preface(socket: Socket, onDetected: (kind: ConnectionKind, firstBytes: Buffer) => void): void {
  let buffered: Buffer = Buffer.alloc(0);
  const stop = (): void => {
    socket.off('data', onData);
    socket.off('end', onGone);
    socket.off('error', onGone);
  };
  function onGone(): void {
    stop();
    socket.destroy();
  }
  function onData(chunk: Buffer): void {
    buffered = buffered.byteLength === 0 ? chunk : Buffer.concat([buffered, chunk]);
    const compared = Math.min(buffered.byteLength, HTTP2_PREFACE.byteLength);
    const isPrefaceSoFar = buffered.subarray(0, compared).equals(HTTP2_PREFACE.subarray(0, compared));
    if (isPrefaceSoFar && buffered.byteLength < HTTP2_PREFACE.byteLength) return;
    stop();
    socket.pause();
    onDetected(isPrefaceSoFar ? 'h2c' : 'http1', buffered);
  }
  socket.on('data', onData);
  socket.once('end', onGone);
  socket.once('error', onGone);
}
