/**
 * @module test/protocol/support/raw-http
 * Sends a byte-exact HTTP/1.1 request over a plain TCP socket (no client adding or reordering
 * headers) and reads one response, for tests that replay what a specific client sends.
 */
import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Builds request bytes from a request line, header lines in order, and a body. */
export function rawRequest(requestLine: string, headerLines: readonly string[], body: Uint8Array = new Uint8Array(0)): Buffer {
  return Buffer.concat([Buffer.from(`${requestLine}\r\n${headerLines.map((line) => `${line}\r\n`).join('')}\r\n`, 'latin1'), body]);
}

function parseHead(head: string): { status: number; headers: Record<string, string> } {
  const [statusLine, ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine!.split(' ')[1]), headers };
}

/** Writes `request` to 127.0.0.1:`port` and resolves with the response (Content-Length framed). */
export function sendRaw(port: number, request: Uint8Array): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const { status, headers } = parseHead(received.subarray(0, headEnd).toString('latin1'));
      const body = received.subarray(headEnd + 4);
      if (body.byteLength < Number(headers['content-length'] ?? 0)) return;
      socket.destroy();
      resolve({ status, headers, body });
    });
    socket.write(request);
  });
}
