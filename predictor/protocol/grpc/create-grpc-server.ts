/**
 * @module protocol/grpc/create-grpc-server
 * The gRPC server as the rest of the predictor sees it, built on first use: grpc-js, the
 * parsed protos and the services (protocol/grpc/build-grpc-server.ts) load when a gRPC port is
 * bound or the first h2c connection is handed over, not at start. A pod that only ever
 * answers REST (most serverless ones) never pays for them: not on its way from zero to ready,
 * not in its idle memory.
 */
import type { Duplex } from 'node:stream';
import type { AccessGuard } from '../../contract/access-control.js';
import type { DataPlane } from '../../dataplane/data-plane.js';
import type { Logger } from '../../observability/logger.js';
import type { Admission } from '../admission.js';
import type { GrpcCallRunnerOptions } from './grpc-call-runner.js';

export interface CreateGrpcServerOptions extends Omit<GrpcCallRunnerOptions, 'isKnownModel'> {
  /** Told when server reflection cannot be offered, or the server cannot be built. */
  readonly logger: Logger;
  readonly dataPlane: DataPlane;
  readonly accessGuard?: AccessGuard | undefined;
  /** Largest request message; larger ones get RESOURCE_EXHAUSTED (REST's body limit). */
  readonly maxMessageBytes: number;
  /** The pod's count of requests at once (CONTAINER_CONCURRENCY), shared with REST; absent: unlimited. */
  readonly admission?: Admission;
  /** See `closeAllConnections`; 1000 ms by default. */
  readonly forceCloseAfterMs?: number;
  /**
   * Loads and builds the server on first use. By default its module is imported then; an
   * in-process test passes `buildGrpcServer` itself, because its TypeScript loader would give
   * a dynamically imported module its own copy of every module (error classes included).
   */
  readonly build?: (options: CreateGrpcServerOptions) => Promise<BuiltGrpcServer>;
}

export interface GrpcServer {
  /** Binds `host:port` (0 picks a free port) and resolves with the port bound. */
  listen(port: number, host: string): Promise<number>;
  /** Serves gRPC on a connection accepted elsewhere (the one-port listener). */
  injectConnection(connection: Duplex): void;
  /** Stops taking calls (GOAWAY) and resolves once every call has ended. */
  close(): Promise<void>;
  /**
   * Closes every connection. During a graceful close (after `close()`), connections get up to
   * `forceCloseAfterMs` to flush the statuses already written, then are destroyed; otherwise at once.
   */
  closeAllConnections(): void;
  /** Whether grpc-js and the services have been loaded (false until gRPC is first needed). */
  readonly isBuilt: () => boolean;
}

/** The server once built: everything but `isBuilt`. */
export type BuiltGrpcServer = Omit<GrpcServer, 'isBuilt'>;

/** @example const grpcServer = createGrpcServer({ dataPlane, accessGuard, logger, metrics, inFlight, requestTimeoutMs, maxMessageBytes }); */
export function createGrpcServer(options: CreateGrpcServerOptions): GrpcServer {
  let building: Promise<BuiltGrpcServer> | undefined;
  let built: BuiltGrpcServer | undefined;
  let closing = false;
  const { build: buildServer = importAndBuild } = options;
  const build = (): Promise<BuiltGrpcServer> => (building ??= buildServer(options).then((server) => (built = server)));
  return {
    listen: async (port, host) => (await build()).listen(port, host),
    injectConnection(connection) {
      if (closing) return void connection.destroy();
      // Handed over before close(): served even if close() comes while the server is built
      // (this callback runs before close's own), so its calls drain like any other.
      build().then(
        (server) => server.injectConnection(connection),
        (error: unknown) => {
          options.logger.error('gRPC server could not be built; connection closed', { error });
          connection.destroy();
        },
      );
    },
    close() {
      closing = true;
      // A server that could not be built has nothing to close (its failure was logged).
      return building
        ? building.then(
            (server) => server.close(),
            () => undefined,
          )
        : Promise.resolve();
    },
    closeAllConnections() {
      if (built) return built.closeAllConnections();
      void building?.then(
        (server) => server.closeAllConnections(),
        () => undefined,
      );
    },
    isBuilt: () => built !== undefined,
  };
}

async function importAndBuild(options: CreateGrpcServerOptions): Promise<BuiltGrpcServer> {
  const { buildGrpcServer } = await import('./build-grpc-server.js');
  return buildGrpcServer(options);
}
