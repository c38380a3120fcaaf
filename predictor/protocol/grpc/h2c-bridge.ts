/**
 * @module protocol/grpc/h2c-bridge
 * Serves HTTP/2 cleartext connections on the HTTP port, for a Knative port named `h2c`: a
 * stream whose content-type is `application/grpc` goes to the gRPC server, any other stream is
 * REST and goes to the Express app as an HTTP/1.1 request, so one connection may carry both
 * (the queue-proxy multiplexes). Both hops stay in memory (duplex pairs, no second port), and
 * everything REST and gRPC do per request (auth, limits, logs, deadlines) happens behind the
 * hop exactly as for a direct call. A client that resets its stream resets the hop, which
 * cancels the call or closes the request, and so aborts the pipeline.
 */
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import http2, {
  type ClientHttp2Session,
  type ServerOptions as Http2ServerOptions,
  type IncomingHttpHeaders as Http2Headers,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import { duplexPair, type Duplex } from 'node:stream';

const { NGHTTP2_CANCEL, NGHTTP2_NO_ERROR, NGHTTP2_FLAG_END_STREAM } = http2.constants;

/** HTTP/1.1 connection headers that HTTP/2 forbids (RFC 9113 §8.2.2). */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'http2-settings']);

export interface H2cBridgeOptions {
  /** Serves one HTTP/1.1 connection with the REST app (the HTTP server's connection handling). */
  readonly serveHttp1: (connection: Duplex) => void;
  /** Serves one HTTP/2 connection with the gRPC server. */
  readonly serveGrpc: (connection: Duplex) => void;
  readonly http2Options?: Http2ServerOptions;
}

export interface H2cBridge {
  /** Takes an h2c connection whose first bytes were already read (they are put back first). */
  serve(socket: Duplex, firstBytes: Buffer): void;
  /** Sends GOAWAY on every connection: running streams finish, no new ones start. */
  close(): void;
  /** Destroys every connection. */
  closeAllConnections(): void;
}

function isGrpc(headers: Http2Headers): boolean {
  return headers['content-type']?.startsWith('application/grpc') ?? false;
}

/** Regular (non-pseudo) headers an HTTP/1.1 response may pass to HTTP/2. */
function http2ResponseHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CONNECTION_HEADERS.has(name)));
}

/** The request's regular headers for HTTP/1.1, with `host` from `:authority`. */
function http1RequestHeaders(headers: Http2Headers): OutgoingHttpHeaders {
  const regular = Object.entries(headers).filter(([name]) => !name.startsWith(':') && !CONNECTION_HEADERS.has(name));
  return { ...Object.fromEntries(regular), host: headers[':authority'] ?? 'localhost', connection: 'close' };
}

function forwardRest(stream: ServerHttp2Stream, headers: Http2Headers, serveHttp1: (connection: Duplex) => void): void {
  const [clientSide, serverSide] = duplexPair();
  serveHttp1(serverSide);
  const request = http.request({
    createConnection: () => clientSide,
    method: headers[':method'] ?? 'GET',
    path: headers[':path'] ?? '/',
    headers: http1RequestHeaders(headers),
  });
  request.on('response', (response) => {
    if (stream.closed) return void response.destroy();
    stream.respond({ ':status': response.statusCode ?? 502, ...http2ResponseHeaders(response.headers) });
    response.pipe(stream);
  });
  request.on('error', () => {
    if (!stream.headersSent && !stream.closed) stream.respond({ ':status': 502 }, { endStream: true });
    else stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
  });
  stream.on('close', () => {
    if (stream.rstCode !== NGHTTP2_NO_ERROR) request.destroy();
  });
  stream.pipe(request);
}

function forwardGrpc(stream: ServerHttp2Stream, headers: Http2Headers, grpcSession: ClientHttp2Session): void {
  const forwarded = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== ':protocol'));
  const upstream = grpcSession.request(forwarded);
  let trailers: OutgoingHttpHeaders | undefined;
  upstream.on('response', (responseHeaders, flags) => {
    if (stream.closed) return;
    const { ':status': status = 200, ...rest } = responseHeaders;
    // A trailers-only response (an error before any message) ends with its headers.
    if ((flags & NGHTTP2_FLAG_END_STREAM) !== 0) return void stream.respond({ ':status': status, ...rest }, { endStream: true });
    stream.respond({ ':status': status, ...rest }, { waitForTrailers: true });
    upstream.pipe(stream);
  });
  upstream.on('trailers', (received) => (trailers = received));
  stream.on('wantTrailers', () => stream.sendTrailers(trailers ?? { 'grpc-status': '13', 'grpc-message': 'internal error' }));
  stream.on('close', () => {
    if (!upstream.closed) upstream.close(NGHTTP2_CANCEL);
  });
  upstream.on('close', () => {
    if (!stream.closed && upstream.rstCode !== NGHTTP2_NO_ERROR) stream.close(upstream.rstCode);
  });
  upstream.on('error', () => undefined);
  stream.on('error', () => undefined);
  stream.pipe(upstream);
}

/** @example const bridge = createH2cBridge({ serveHttp1, serveGrpc: (connection) => grpcServer.injectConnection(connection) }); */
export function createH2cBridge({ serveHttp1, serveGrpc, http2Options = {} }: H2cBridgeOptions): H2cBridge {
  const server = http2.createServer(http2Options);
  const sessions = new Set<ServerHttp2Session>();
  const grpcSessions = new WeakMap<ServerHttp2Session, ClientHttp2Session>();

  function grpcSessionOf(session: ServerHttp2Session): ClientHttp2Session {
    let client = grpcSessions.get(session);
    if (client === undefined || client.closed || client.destroyed) {
      const [clientSide, serverSide] = duplexPair();
      serveGrpc(serverSide);
      client = http2.connect('http://grpc.in-process', { createConnection: () => clientSide });
      client.on('error', () => undefined);
      grpcSessions.set(session, client);
    }
    return client;
  }

  server.on('session', (session) => {
    sessions.add(session);
    session.on('error', () => undefined);
    session.once('close', () => {
      sessions.delete(session);
      grpcSessions.get(session)?.close();
    });
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => undefined);
    if (isGrpc(headers)) forwardGrpc(stream, headers, grpcSessionOf(stream.session as ServerHttp2Session));
    else forwardRest(stream, headers, serveHttp1);
  });

  return {
    serve(socket, firstBytes) {
      socket.unshift(firstBytes);
      server.emit('connection', socket);
    },
    close() {
      for (const session of sessions) session.close();
    },
    closeAllConnections() {
      for (const session of sessions) session.destroy();
    },
  };
}
