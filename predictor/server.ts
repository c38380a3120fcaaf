/**
 * @module server
 * Runs the app on a port (`startServer`, port 0 in tests) and drains it on SIGTERM
 * (`createShutdown`): readiness flips to 503, endpoints get `drainDelayMs` to notice, the
 * listener closes, in-flight requests get up to `shutdownTimeoutMs` to finish, then whatever
 * is left is aborted and every connection closed.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { realSleepKeepingProcessAlive, type Sleep } from './clock.js';
import { ServerNotReadyError } from './errors.js';
import type { DataPlane } from './dataplane/data-plane.js';
import type { Logger } from './observability/logger.js';
import type { InFlightRequests } from './protocol/in-flight-requests.js';

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
}

export interface RunningServer {
  /** The port actually bound. */
  readonly port: number;
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
}: StartServerOptions): Promise<RunningServer> {
  const httpServer = createServer(app);
  httpServer.keepAliveTimeout = keepAliveTimeoutMs;
  httpServer.headersTimeout = headersTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const boundPort = (httpServer.address() as AddressInfo).port;
  logger.info('server listening', { host, port: boundPort });
  let closed: Promise<void> | undefined;
  return {
    port: boundPort,
    httpServer,
    close: () => (closed ??= new Promise<void>((resolve, reject) => httpServer.close((error) => (error ? reject(error) : resolve())))),
    closeIdleConnections: () => httpServer.closeIdleConnections(),
    closeAllConnections: () => httpServer.closeAllConnections(),
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
