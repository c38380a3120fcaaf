/**
 * @module protocol/grpc/build-grpc-server
 * The gRPC server itself (grpc-js, the parsed protos, the services): GRPCInferenceService,
 * grpc.health.v1.Health and server reflection (v1 and v1alpha, from the same loaded
 * descriptors, so grpcurl needs no proto file). Loaded and built by `createGrpcServer` when
 * gRPC is first needed, not at start.
 *
 * @grpc/reflection is imported when the server is built, not with this module: it reads its
 * own protos from disk beside its modules, so the bundle leaves it in node_modules, and a
 * layout without it (a bundle copied elsewhere) still serves everything but reflection.
 */
import { Server, ServerCredentials, type ConnectionInjector } from '@grpc/grpc-js';
import { createGrpcCallRunner } from './grpc-call-runner.js';
import { createGrpcHealthService } from './create-grpc-health-service.js';
import { createGrpcInferenceService } from './create-grpc-inference-service.js';
import { addLazyReflection } from './add-lazy-reflection.js';
import { loadGrpcDefinitions } from './load-grpc-definitions.js';
import type { BuiltGrpcServer, CreateGrpcServerOptions } from './create-grpc-server.js';

/** @example const grpcServer = await buildGrpcServer(options); // through createGrpcServer, on first use */
export async function buildGrpcServer(options: CreateGrpcServerOptions): Promise<BuiltGrpcServer> {
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
  // Once per process: when gRPC was first needed (a bound GRPC_PORT, or the first call over h2c).
  options.logger.info('gRPC server built', {});
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
