/**
 * @module test/protocol/grpc/support/grpc-test-app
 * The real app and gRPC server over a FakePredictorModel, served by `startServer` on loopback
 * exactly as main.ts serves them: REST on one port (HTTP/1.1, and h2c with gRPC when
 * `onHttpPort`), gRPC on its own port. grpc-js clients for either port, with promise-returning
 * unary calls that resolve with the response or the ServiceError.
 */
import { credentials, makeGenericClientConstructor, Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import type { AccessGuard } from '../../../../predictor/contract/access-control.js';
import { createApp } from '../../../../predictor/app.js';
import type { DataPlane } from '../../../../predictor/dataplane/data-plane.js';
import { createGrpcMetrics } from '../../../../predictor/observability/grpc-metrics.js';
import { createHttpMetrics } from '../../../../predictor/observability/http-metrics.js';
import type { MetricsRegistry } from '../../../../predictor/observability/metrics-registry.js';
import { createAdmission } from '../../../../predictor/protocol/admission.js';
import { createGrpcServer, type GrpcServer } from '../../../../predictor/protocol/grpc/create-grpc-server.js';
import { buildGrpcServer } from '../../../../predictor/protocol/grpc/build-grpc-server.js';
import { loadGrpcDefinitions } from '../../../../predictor/protocol/grpc/load-grpc-definitions.js';
import type { InFlightRequests } from '../../../../predictor/protocol/in-flight-requests.js';
import { startServer, type RunningServer } from '../../../../predictor/server.js';
import type { CollectingLogger } from '../../../fakes/collecting-logger.js';
import type { FakePredictorModel } from '../../../fakes/fake-predictor-model.js';
import { createTestAppParts } from '../../support/test-app-parts.js';

export interface GrpcTestAppOptions {
  readonly models?: readonly FakePredictorModel[];
  readonly accessGuard?: AccessGuard;
  readonly requestTimeoutMs?: number;
  readonly maxMessageBytes?: number;
  readonly maxConcurrentCalls?: number;
  /** Default true: REST and gRPC over h2c on the HTTP port too. */
  readonly onHttpPort?: boolean;
  /** Default true: gRPC on a port of its own too (false: as a serverless pod, GRPC_PORT=0). */
  readonly separatePort?: boolean;
}

export interface GrpcTestApp {
  readonly httpPort: number;
  /** Undefined with `separatePort: false`. */
  readonly grpcPort: number | undefined;
  readonly grpcServer: GrpcServer;
  readonly model: FakePredictorModel;
  readonly dataPlane: DataPlane;
  readonly logger: CollectingLogger;
  readonly metrics: MetricsRegistry;
  readonly inFlight: InFlightRequests;
  readonly server: RunningServer;
  /** A client of `inference.GRPCInferenceService` on `port` (the gRPC port by default). */
  client(port?: number): InferenceClient;
  close(): Promise<void>;
}

/** What a unary call settles with: the response, or the error status. */
export type UnaryOutcome<T> =
  { readonly response: T; readonly error?: undefined } | { readonly response?: undefined; readonly error: ServiceError };

export interface InferenceClient {
  /** Calls `method` with `request`; never rejects (the error status is in the outcome). */
  call<T = Record<string, unknown>>(
    method: string,
    request: object,
    options?: { metadata?: Record<string, string>; deadline?: Date },
  ): Promise<UnaryOutcome<T>>;
  readonly raw: Client & Record<string, (...args: unknown[]) => unknown>;
  close(): void;
}

const clients: InferenceClient[] = [];

export function inferenceClient(port: number): InferenceClient {
  const { inferenceService } = loadGrpcDefinitions();
  const Constructor = makeGenericClientConstructor(inferenceService, 'GRPCInferenceService');
  const raw = new Constructor(`127.0.0.1:${port}`, credentials.createInsecure()) as InferenceClient['raw'];
  const client: InferenceClient = {
    raw,
    call(method, request, options = {}) {
      const metadata = new Metadata();
      for (const [key, value] of Object.entries(options.metadata ?? {})) metadata.set(key, value);
      return new Promise((resolve) => {
        const callOptions = options.deadline ? { deadline: options.deadline } : {};
        raw[method]!(request, metadata, callOptions, (error: ServiceError | null, response: unknown) =>
          resolve(error ? { error } : { response: response as never }),
        );
      });
    },
    close: () => raw.close(),
  };
  clients.push(client);
  return client;
}

export async function startGrpcTestApp(options: GrpcTestAppOptions = {}): Promise<GrpcTestApp> {
  const { models, logger, metrics, inFlight, dataPlane } = createTestAppParts(options.models);
  const requestTimeoutMs = options.requestTimeoutMs ?? 60000;
  const maxMessageBytes = options.maxMessageBytes ?? 1024 * 1024;
  const guard = options.accessGuard ? { accessGuard: options.accessGuard } : {};
  // As composeApplication does: REST and gRPC share one count of requests at once.
  const admission = options.maxConcurrentCalls ? { admission: createAdmission(options.maxConcurrentCalls) } : {};
  const app = createApp({
    dataPlane,
    logger,
    httpMetrics: createHttpMetrics({ registry: metrics.registry }),
    renderMetrics: () => metrics.render(),
    server: { maxBodyBytes: maxMessageBytes, requestTimeoutMs },
    inFlight,
    ...admission,
    ...guard,
  });
  const grpcServer = createGrpcServer({
    build: buildGrpcServer,
    dataPlane,
    logger,
    metrics: createGrpcMetrics({ registry: metrics.registry }),
    inFlight,
    requestTimeoutMs,
    maxMessageBytes,
    ...admission,
    ...guard,
  });
  const server = await startServer({
    app,
    port: 0,
    host: '127.0.0.1',
    keepAliveTimeoutMs: 5000,
    headersTimeoutMs: 6000,
    logger,
    grpc: { server: grpcServer, port: options.separatePort === false ? undefined : 0, onHttpPort: options.onHttpPort ?? true },
  });
  return {
    httpPort: server.port,
    grpcPort: server.grpcPort,
    grpcServer,
    model: models[0]!,
    dataPlane,
    logger,
    metrics,
    inFlight,
    server,
    client: (port = server.grpcPort!) => inferenceClient(port),
    async close() {
      for (const client of clients.splice(0)) client.close();
      server.closeAllConnections();
      await server.close();
    },
  };
}

/** A typed-contents BYTES input named `episode` holding `texts`. */
export function bytesInput(texts: readonly string[]): object {
  return {
    name: 'episode',
    datatype: 'BYTES',
    shape: [texts.length],
    contents: { bytes_contents: texts.map((text) => Buffer.from(text)) },
  };
}
