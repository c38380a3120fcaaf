/**
 * @module test/protocol/support/start-test-app
 * Builds the real app with fakes (FakePredictorModel, CollectingLogger, a fresh metrics
 * registry), listens on 127.0.0.1 port 0 and returns what tests need to call and inspect it.
 */
import nock from 'nock';
import type { RequestHandler, Router } from 'express';
import { createApp } from '../../../predictor/app.js';
import type { AccessGuard } from '../../../predictor/contract/access-control.js';
import type { DataPlane } from '../../../predictor/dataplane/data-plane.js';
import { createHttpMetrics } from '../../../predictor/observability/http-metrics.js';
import type { MetricsRegistry } from '../../../predictor/observability/metrics-registry.js';
import type { InFlightRequests } from '../../../predictor/protocol/in-flight-requests.js';
import { startServer, type RunningServer } from '../../../predictor/server.js';
import type { CollectingLogger } from '../../fakes/collecting-logger.js';
import type { FakePredictorModel } from '../../fakes/fake-predictor-model.js';
import { createTestAppParts } from './test-app-parts.js';

export interface TestAppOptions {
  readonly models?: readonly FakePredictorModel[];
  readonly accessGuard?: AccessGuard;
  readonly protectMetrics?: boolean;
  readonly maxBodyBytes?: number;
  readonly requestTimeoutMs?: number;
  readonly generateRequestId?: () => string;
  readonly extraRouters?: readonly Router[];
  readonly extraMiddleware?: readonly RequestHandler[];
  readonly maxJsonDepth?: number;
  readonly containerConcurrency?: number;
}

export interface TestApp {
  readonly baseUrl: string;
  readonly port: number;
  readonly model: FakePredictorModel;
  readonly dataPlane: DataPlane;
  readonly logger: CollectingLogger;
  readonly metrics: MetricsRegistry;
  readonly inFlight: InFlightRequests;
  readonly server: RunningServer;
  close(): Promise<void>;
}

/** Allows loopback only; call in `before` of every HTTP test file. */
export function allowLoopbackOnly(): void {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
}

/**
 * Registers the hooks of a describe block that starts apps: loopback only before, and after
 * each test nock cleaned and the test's app (from `current`) closed.
 */
export function useTestAppHooks(current: () => TestApp | undefined): void {
  before(allowLoopbackOnly);
  afterEach(async () => {
    nock.cleanAll();
    await current()?.close();
  });
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { models, logger, metrics, inFlight, dataPlane } = createTestAppParts(options.models);
  const app = createApp({
    dataPlane,
    logger,
    httpMetrics: createHttpMetrics({ registry: metrics.registry }),
    renderMetrics: () => metrics.render(),
    server: {
      maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
      requestTimeoutMs: options.requestTimeoutMs ?? 60000,
      ...(options.containerConcurrency ? { containerConcurrency: options.containerConcurrency } : {}),
    },
    inFlight,
    ...(options.accessGuard ? { accessGuard: options.accessGuard } : {}),
    ...(options.protectMetrics !== undefined ? { protectMetrics: options.protectMetrics } : {}),
    ...(options.generateRequestId ? { generateRequestId: options.generateRequestId } : {}),
    ...(options.extraRouters ? { extraRouters: options.extraRouters } : {}),
    ...(options.extraMiddleware ? { extraMiddleware: options.extraMiddleware } : {}),
    ...(options.maxJsonDepth !== undefined ? { maxJsonDepth: options.maxJsonDepth } : {}),
  });
  const server = await startServer({ app, port: 0, host: '127.0.0.1', keepAliveTimeoutMs: 5000, headersTimeoutMs: 6000, logger });
  return {
    baseUrl: `http://127.0.0.1:${server.port}`,
    port: server.port,
    model: models[0]!,
    dataPlane,
    logger,
    metrics,
    inFlight,
    server,
    async close() {
      server.closeAllConnections();
      await server.close();
    },
  };
}

/** POSTs `body` (object → JSON text) with optional headers. */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A BYTES inference request carrying `texts`. */
export function bytesRequest(texts: readonly string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { inputs: [{ name: 'episode', shape: [texts.length], datatype: 'BYTES', data: texts }], ...extra };
}
