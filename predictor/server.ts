/**
 * @module server
 * Runs the app on a port (`startServer`, port 0 in tests) and drains it on SIGTERM
 * (`createShutdown`): readiness flips to 503, endpoints get `drainDelayMs` to notice, the
 * listener closes, in-flight requests get up to `shutdownTimeoutMs` to finish, then whatever
 * is left is aborted and every connection closed.
 *
 * With a gRPC server it also serves gRPC: on its own port (GRPC_PORT, Standard mode), and on
 * the HTTP port over h2c when `onHttpPort` is set: each connection's first bytes tell an
 * HTTP/2 prior-knowledge client (REST and gRPC over h2c, protocol/grpc/h2c-bridge.ts) from an
 * HTTP/1.1 one (the app as before). Shutdown covers both servers and every connection kind.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { realSleepKeepingProcessAlive, type Sleep } from './clock.js';
import { ServerNotReadyError } from './errors.js';
import type { DataPlane } from './dataplane/data-plane.js';
import type { Logger } from './observability/logger.js';
import type { InFlightRequests } from './protocol/in-flight-requests.js';
import type { GrpcServer } from './protocol/grpc/create-grpc-server.js';
import { detectHttp2Preface } from './protocol/grpc/detect-http2-preface.js';
import type { H2cBridge } from './protocol/grpc/h2c-bridge.js';

/** What gRPC the server offers besides REST. */
export interface GrpcServing {
  readonly server: GrpcServer;
  /** Its own port (0 picks a free one); undefined: no separate gRPC listener. */
  readonly port: number | undefined;
  /** Serve REST and gRPC over h2c on the HTTP port too. */
  readonly onHttpPort: boolean;
}

export interface StartServerOptions {
  readonly app: RequestListener;
  /** 0 picks a free port. */
  readonly port: number;
  readonly host: string;
  /** Longer than the proxy/mesh idle timeout (Envoy/Istio 60 s), so the proxy closes first. */
  readonly keepAliveTimeoutMs: number;
  /** Must exceed keepAliveTimeoutMs (Node's known keep-alive race). */
  readonly headersTimeoutMs: number;
  readonly logger: Logger;
  readonly grpc?: GrpcServing;
}

export interface RunningServer {
  /** The port actually bound. */
  readonly port: number;
  /** The separate gRPC port bound, when there is one. */
  readonly grpcPort: number | undefined;
  readonly httpServer: Server;
  /** Stops accepting connections; resolves once every connection has ended. */
  close(): Promise<void>;
  closeIdleConnections(): void;
  closeAllConnections(): void;
}

/** Listens and resolves once the port is bound. */
export async function startServer({
  app,
  port,
  host,
  keepAliveTimeoutMs,
  headersTimeoutMs,
  logger,
  grpc,
}: StartServerOptions): Promise<RunningServer> {
  const httpServer = createServer(app);
  httpServer.keepAliveTimeout = keepAliveTimeoutMs;
  httpServer.headersTimeout = headersTimeoutMs;
  const h2c = grpc?.onHttpPort ? serveH2cToo(httpServer, grpc.server, headersTimeoutMs) : undefined;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const boundPort = (httpServer.address() as AddressInfo).port;
  const grpcPort = grpc?.port === undefined ? undefined : await grpc.server.listen(grpc.port, host);
  logger.info('server listening', {
    host,
    port: boundPort,
    ...(grpcPort !== undefined ? { grpc_port: grpcPort } : {}),
    ...(h2c ? { h2c_on_port: true } : {}),
  });
  let closed: Promise<void> | undefined;
  const closeHttp = () => new Promise<void>((resolve, reject) => httpServer.close((error) => (error ? reject(error) : resolve())));
  return {
    port: boundPort,
    grpcPort,
    httpServer,
    close: () => {
      h2c?.close();
      return (closed ??= Promise.all([closeHttp(), grpc?.server.close()]).then(() => undefined));
    },
    closeIdleConnections: () => httpServer.closeIdleConnections(),
    closeAllConnections: () => {
      httpServer.closeAllConnections();
      h2c?.closeAllConnections();
      grpc?.server.closeAllConnections();
    },
  };
}

/**
 * Puts the preface check in front of the HTTP server's own connection handling: HTTP/1.1
 * connections get it with their first bytes, h2c ones go to the bridge. The bridge (and
 * node:http2 with it) is loaded with the first h2c connection: a pod that only sees HTTP/1.1
 * never loads it.
 */
function serveH2cToo(httpServer: Server, grpcServer: GrpcServer, detectTimeoutMs: number) {
  const [serveHttp1Connection] = httpServer.listeners('connection') as ((connection: Duplex) => void)[];
  if (serveHttp1Connection === undefined) throw new Error('node:http registered no connection listener');
  const serveHttp1 = (connection: Duplex): void => serveHttp1Connection.call(httpServer, connection);
  let bridge: H2cBridge | undefined;
  let closing = false;
  let loading: Promise<H2cBridge> | undefined;
  const loadBridge = (): Promise<H2cBridge> =>
    (loading ??= import('./protocol/grpc/h2c-bridge.js').then(({ createH2cBridge }) => {
      bridge = createH2cBridge({ serveHttp1, serveGrpc: (connection) => grpcServer.injectConnection(connection) });
      if (closing) bridge.close();
      return bridge;
    }));
  // Sockets whose kind is not known yet, or h2c ones waiting for the bridge to load.
  const unserved = new Set<Socket>();
  httpServer.removeAllListeners('connection');
  httpServer.on('connection', (socket: Socket) => {
    unserved.add(socket);
    // A connection that sends nothing is closed like one that never finishes its headers.
    socket.setTimeout(detectTimeoutMs, () => socket.destroy());
    socket.once('close', () => unserved.delete(socket));
    detectHttp2Preface(socket, (kind, firstBytes) => {
      socket.setTimeout(0);
      if (kind === 'h2c') {
        // Until the bridge owns it, a reset of the waiting socket must not go unheard.
        const ignoreError = () => undefined;
        socket.on('error', ignoreError);
        return void loadBridge().then(
          (loaded) => {
            unserved.delete(socket);
            socket.off('error', ignoreError);
            if (!socket.destroyed) loaded.serve(socket, firstBytes);
          },
          () => socket.destroy(),
        );
      }
      unserved.delete(socket);
      // node:http reads the socket's handle directly once it owns it, so bytes put back with
      // unshift() would never reach its parser: hand them over as the first 'data' instead.
      serveHttp1(socket);
      socket.emit('data', firstBytes);
      socket.resume();
    });
  });
  return {
    close() {
      closing = true;
      bridge?.close();
    },
    closeAllConnections() {
      bridge?.closeAllConnections();
      for (const socket of unserved) socket.destroy();
    },
  };
}

export interface ShutdownOptions {
  readonly dataPlane: Pick<DataPlane, 'startDraining'>;
  readonly server: Pick<RunningServer, 'close' | 'closeIdleConnections' | 'closeAllConnections'>;
  /** The tracker given to `createApp`. */
  readonly inFlight: InFlightRequests;
  readonly drainDelayMs: number;
  readonly shutdownTimeoutMs: number;
  /** How long aborted requests get to send their error response before sockets close. */
  readonly abortGraceMs?: number;
  /** Default: a real sleep that keeps the process alive until the drain is over. */
  readonly sleep?: Sleep;
  readonly logger: Logger;
}

/** Resolves true when `inFlight` empties within `timeoutMs`, false otherwise. */
async function drainWithin(inFlight: InFlightRequests, timeoutMs: number, sleep: Sleep): Promise<boolean> {
  const timer = new AbortController();
  // Aborting a sleep rejects it; here that only means the wait is over, never a failure.
  const patience = sleep(timeoutMs, timer.signal).then(
    () => false,
    () => false,
  );
  const isDrained = await Promise.race([inFlight.whenIdle().then(() => true), patience]);
  timer.abort();
  return isDrained;
}

/**
 * Returns the idempotent shutdown procedure (main.ts calls it on SIGTERM/SIGINT).
 * @example const shutdown = createShutdown({ dataPlane, server, inFlight, drainDelayMs, shutdownTimeoutMs, logger });
 */
export function createShutdown(options: ShutdownOptions): () => Promise<void> {
  const {
    dataPlane,
    server,
    inFlight,
    drainDelayMs,
    shutdownTimeoutMs,
    abortGraceMs = 1000,
    sleep = realSleepKeepingProcessAlive,
    logger,
  } = options;
  let running: Promise<void> | undefined;
  async function shutdown(): Promise<void> {
    logger.info('shutdown started', { in_flight: inFlight.size, drain_delay_ms: drainDelayMs });
    dataPlane.startDraining();
    await sleep(drainDelayMs);
    const closed = server.close();
    server.closeIdleConnections();
    if (!(await drainWithin(inFlight, shutdownTimeoutMs, sleep))) {
      logger.warn('aborting requests still running after the shutdown timeout', {
        in_flight: inFlight.size,
        shutdown_timeout_ms: shutdownTimeoutMs,
      });
      inFlight.abortAll(new ServerNotReadyError('Server shut down before the request finished'));
      await drainWithin(inFlight, abortGraceMs, sleep);
    }
    server.closeAllConnections();
    await closed;
    logger.info('shutdown complete');
  }
  return () => (running ??= shutdown());
}
