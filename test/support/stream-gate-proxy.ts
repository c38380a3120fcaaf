/**
 * @module test/support/stream-gate-proxy
 * A loopback proxy in front of the Gemini emulator that holds back the calls a predicate
 * picks (e.g. the fact-checker's model) until the test releases them, and tells when the
 * predictor gave up on a held call (its connection closed before the answer): what the
 * streaming tests use to force the order agents finish in, and to see a run's LLM call aborted.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GateProxy {
  readonly baseUrl: string;
  /** Resolves when the first held call arrives. */
  readonly held: Promise<void>;
  /** Resolves when the predictor closes a held call's connection before it was answered. */
  readonly abandoned: Promise<void>;
  /** Lets every held call (and later ones) through. */
  release(): void;
  close(): Promise<void>;
}

/** Starts the proxy on port 0 in front of `upstreamUrl`; calls whose path `isHeld` are held back. */
export async function startGateProxy(upstreamUrl: string, isHeld: (path: string) => boolean): Promise<GateProxy> {
  const upstream = new URL(upstreamUrl);
  const held = Promise.withResolvers<void>();
  const abandoned = Promise.withResolvers<void>();
  const gate = Promise.withResolvers<void>();

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse, body: Buffer): void => {
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
  };

  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      if (!isHeld(incoming.url ?? '/')) return forward(incoming, outgoing, body);
      outgoing.once('close', () => {
        if (!outgoing.writableFinished) abandoned.resolve();
      });
      held.resolve();
      void gate.promise.then(() => {
        if (!outgoing.destroyed) forward(incoming, outgoing, body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    held: held.promise,
    abandoned: abandoned.promise,
    release: () => gate.resolve(),
    close: () =>
      new Promise<void>((resolve) => {
        gate.resolve();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
