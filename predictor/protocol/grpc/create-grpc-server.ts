/**
 * @module protocol/grpc/create-grpc-server
 * The gRPC server: GRPCInferenceService, grpc.health.v1.Health and server reflection (v1 and
 * v1alpha, from the same loaded descriptors, so grpcurl needs no proto file). It listens on
 * its own port (GRPC_PORT, Standard mode) and/or takes connections handed over by the
 * one-port listener (`injectConnection`), which serves REST and gRPC on one port.
 *
 * @grpc/reflection is imported when the server is created, not with this module: it reads its
 * own protos from disk beside its modules, so the bundle leaves it in node_modules, and a
 * layout without it (a bundle copied elsewhere) still serves everything but reflection.
 */
import type { Duplex } from 'node:stream';
import { Server, ServerCredentials, type ConnectionInjector } from '@grpc/grpc-js';
import type { AccessGuard } from '../../contract/access-control.js';
import type { DataPlane } from '../../dataplane/data-plane.js';
import { createGrpcCallRunner, type GrpcCallRunnerOptions } from './grpc-call-runner.js';
import { createGrpcHealthService } from './create-grpc-health-service.js';
import { createGrpcInferenceService } from './create-grpc-inference-service.js';
import type { Admission } from '../admission.js';
import { addLazyReflection } from './add-lazy-reflection.js';
import { loadGrpcDefinitions } from './load-grpc-definitions.js';
import type { Logger } from '../../observability/logger.js';

export interface CreateGrpcServerOptions extends Omit<GrpcCallRunnerOptions, 'isKnownModel'> {
  /** Told when server reflection cannot be offered. */
  readonly logger: Logger;
  readonly dataPlane: DataPlane;
  readonly accessGuard?: AccessGuard | undefined;
  /** Largest request message; larger ones get RESOURCE_EXHAUSTED (REST's body limit). */
  readonly maxMessageBytes: number;
  /** The pod's count of requests at once (CONTAINER_CONCURRENCY), shared with REST; absent: unlimited. */
  readonly admission?: Admission;
  /** See `closeAllConnections`; 1000 ms by default. */
  readonly forceCloseAfterMs?: number;
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
}

/** @example const grpcServer = await createGrpcServer({ dataPlane, accessGuard, logger, metrics, inFlight, requestTimeoutMs, maxMessageBytes }); */
export async function createGrpcServer(options: CreateGrpcServerOptions): Promise<GrpcServer> {
  const { dataPlane, accessGuard, maxMessageBytes, forceCloseAfterMs = 1000 } = options;
  const definitions = loadGrpcDefinitions();
  const server = new Server({ 'grpc.max_receive_message_length': maxMessageBytes });
  const runner = createGrpcCallRunner({ ...options, isKnownModel: (name) => dataPlane.hasModel(name) });
  const admission = options.admission ? { admission: options.admission } : {};
  server.addService(definitions.inferenceService, createGrpcInferenceService({ dataPlane, accessGuard, runner, ...admission }));
  server.addService(definitions.healthService, createGrpcHealthService({ dataPlane }));
  try {
    const { ReflectionService } = await import('@grpc/reflection');
    addLazyReflection(server, definitions.packageDefinition, (packageDefinition) => new ReflectionService(packageDefinition));
  } catch (error) {
    options.logger.warn('gRPC server reflection is unavailable (@grpc/reflection did not load); every service still answers', { error });
  }
  let injector: ConnectionInjector | undefined;
  let closed: Promise<void> | undefined;
  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:${port}`, ServerCredentials.createInsecure(), (error, boundPort) =>
          error ? reject(error) : resolve(boundPort),
        );
      }),
    injectConnection(connection) {
      injector ??= server.createConnectionInjector(ServerCredentials.createInsecure());
      injector.injectConnection(connection);
    },
    close: () => (closed ??= new Promise<void>((resolve) => server.tryShutdown(() => resolve()))),
    closeAllConnections() {
      if (closed === undefined) return server.forceShutdown();
      // A call releases its in-flight entry when its status is handed to grpc-js, before the
      // frames reach the socket: destroying the session at once would reset those streams.
      const force = setTimeout(() => server.forceShutdown(), forceCloseAfterMs);
      force.unref();
      void closed.then(() => clearTimeout(force));
    },
  };
}
