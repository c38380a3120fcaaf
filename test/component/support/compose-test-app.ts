/**
 * @module test/component/support/compose-test-app
 * The whole application built in-process exactly as main.ts builds it (composeApplication
 * from a config loaded from env), listening on port 0. The LLM backend is the in-process
 * emulator unless the env says otherwise.
 */
import type { Tracer } from '@opentelemetry/api';
import { readFile } from 'node:fs/promises';
import { Registry } from 'prom-client';
import { composeApplication, type Application } from '../../../predictor/composition/compose-application.js';
import { loadConfig } from '../../../predictor/config/load-config.js';
import { createSilentLogger, type Logger } from '../../../predictor/observability/logger.js';
import { startServer, type RunningServer } from '../../../predictor/server.js';
import { buildGrpcServer } from '../../../predictor/protocol/grpc/build-grpc-server.js';

export interface TestApplication {
  readonly baseUrl: string;
  /** The separate gRPC port, when started with `{ grpc: true }` (gRPC is then on the HTTP port too). */
  readonly grpcPort: number | undefined;
  readonly application: Application;
  close(): Promise<void>;
}

/** Options of `composeTestApp`. */
export interface ComposeTestAppOptions {
  /** Where the application logs (silent by default). */
  readonly logger?: Logger;
  /** Serve gRPC too. */
  readonly grpc?: boolean;
  /** A tracer, and whether LLM calls get spans (`ComposeApplicationOptions`). */
  readonly tracer?: Tracer;
  readonly traceLlmCalls?: boolean;
}

export async function composeTestApp(
  env: Record<string, string>,
  { logger = createSilentLogger(), grpc = false, tracer, traceLlmCalls }: ComposeTestAppOptions = {},
): Promise<TestApplication> {
  const config = loadConfig({ env: { HOST: '127.0.0.1', PORT: '0', ...env } });
  const registry = new Registry();
  const application = await composeApplication({
    config,
    logger,
    registry,
    renderMetrics: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
    readFile: (path) => readFile(path, 'utf8'),
    serverVersion: 'test',
    buildGrpcServer,
    ...(tracer ? { tracer } : {}),
    ...(traceLlmCalls === undefined ? {} : { traceLlmCalls }),
  });
  const serving = grpc ? { grpc: { server: application.grpcServer, port: 0, onHttpPort: true } } : {};
  const server: RunningServer = await startServer({ app: application.app, ...config.server, logger, ...serving });
  return {
    baseUrl: `http://127.0.0.1:${server.port}`,
    grpcPort: server.grpcPort,
    application,
    async close() {
      server.closeAllConnections();
      await server.close();
      await application.close();
    },
  };
}
