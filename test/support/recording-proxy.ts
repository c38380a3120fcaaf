/**
 * @module test/support/recording-proxy
 * A loopback HTTP proxy that records every request body on its way to an upstream (the
 * Gemini emulator) and forwards it unchanged: what a test reads from it is exactly what
 * left the predictor's process.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
}

export interface RecordingProxy {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a proxy on port 0 in front of `upstreamUrl` (e.g. an emulator's base URL). */
export async function startRecordingProxy(upstreamUrl: string): Promise<RecordingProxy> {
  const upstream = new URL(upstreamUrl);
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: incoming.method ?? 'GET', path: incoming.url ?? '/', body: body.toString('utf8') });
      const headers: IncomingHttpHeaders = { ...incoming.headers, host: upstream.host, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      const forwarded = httpRequest(
        { hostname: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
