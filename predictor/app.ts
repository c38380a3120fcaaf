/**
 * @module app
 * createApp(deps): the Express app — middleware order, routers, 404 and the one error
 * middleware. Every dependency is injected; `main.ts` and the component tests build it the
 * same way.
 *
 * Order: request id (and log context) → security headers → access log and HTTP metrics
 * (recorded when the response closes) → request context (deadline, abort, in-flight) →
 * extra middleware (e.g. CORS) → health, metrics → concurrency limit → v2, generate, v1, extra routers →
 * 404 → error handler.
 */
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { AccessGuard } from './contract/access-control.js';
import type { DataPlane } from './dataplane/data-plane.js';
import type { HttpMetrics } from './observability/http-metrics.js';
import type { Logger } from './observability/logger.js';
import { createGenerateRouter } from './protocol/generate-router.js';
import { createHealthRouter } from './protocol/health-router.js';
import { createInFlightRequests, type InFlightRequests } from './protocol/in-flight-requests.js';
import { createMetricsRouter, type RenderMetrics } from './protocol/metrics-router.js';
import { withAccessLog } from './protocol/middleware/access-log.js';
import { createErrorHandler } from './protocol/middleware/error-handler.js';
import { createAdmission, type Admission } from './protocol/admission.js';
import { withConcurrencyLimit } from './protocol/middleware/limit-concurrency.js';
import { createNotFoundHandler } from './protocol/middleware/not-found.js';
import { withHttpMetrics } from './protocol/middleware/record-http-metrics.js';
import { withRequestContext } from './protocol/middleware/request-context.js';
import { withRequestId } from './protocol/middleware/request-id.js';
import { withSecurityHeaders } from './protocol/middleware/security-headers.js';
import { createV1Router } from './protocol/v1-router.js';
import { createV2Router } from './protocol/v2-router.js';

/** Everything `createApp` needs; main.ts passes config values, tests pass fakes. */
export interface AppDeps {
  readonly dataPlane: DataPlane;
  readonly logger: Logger;
  readonly httpMetrics: HttpMetrics;
  /** Renders the Prometheus text for `GET /metrics`. */
  readonly renderMetrics: RenderMetrics;
  readonly server: {
    readonly maxBodyBytes: number;
    readonly requestTimeoutMs: number;
    /** Requests served at once beyond the probes and /metrics; 0 or absent: unlimited. */
    readonly containerConcurrency?: number;
  };
  /** The pod's one count of requests at once, shared with gRPC; by default one of `server.containerConcurrency`. */
  readonly admission?: Admission;
  /** Authentication and per-model authorisation; absent means open access (anonymous). */
  readonly accessGuard?: AccessGuard;
  /** Put `/metrics` behind the access guard (action `admin`). */
  readonly protectMetrics?: boolean;
  /** Requests in flight; pass the same tracker to `createShutdown`. A new one by default. */
  readonly inFlight?: InFlightRequests;
  /** Epoch milliseconds (deadlines, durations); Date.now by default. */
  readonly now?: () => number;
  readonly generateRequestId?: () => string;
  /** Deepest JSON nesting accepted in request bodies (config.security.maxJsonDepth). */
  readonly maxJsonDepth?: number;
  /** Middleware run before every route, e.g. CORS (whose preflights must not reach the 405s). */
  readonly extraMiddleware?: readonly RequestHandler[];
  /** Routers mounted after the built-in ones, before the 404 handler (jobs, feedback, ...). */
  readonly extraRouters?: readonly Router[];
}

/** Nesting limit when none is given: far above any tensor rank, far below stack trouble. */
const DEFAULT_MAX_JSON_DEPTH = 64;

/** @example const app = createApp({ dataPlane, logger, httpMetrics, renderMetrics, server: config.server, inFlight }); */
export function createApp(deps: AppDeps): Express {
  const { dataPlane, logger, server, accessGuard, now = Date.now, maxJsonDepth = DEFAULT_MAX_JSON_DEPTH } = deps;
  const inFlight = deps.inFlight ?? createInFlightRequests();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(withRequestId({ ...(deps.generateRequestId ? { generateRequestId: deps.generateRequestId } : {}) }));
  app.use(withSecurityHeaders());
  app.use(withAccessLog({ logger, now }));
  app.use(withHttpMetrics({ httpMetrics: deps.httpMetrics, now }));
  app.use(withRequestContext({ requestTimeoutMs: server.requestTimeoutMs, inFlight, now }));
  for (const middleware of deps.extraMiddleware ?? []) app.use(middleware);

  app.use(createHealthRouter({ dataPlane }));
  app.use(createMetricsRouter({ renderMetrics: deps.renderMetrics, accessGuard, protectMetrics: deps.protectMetrics ?? false }));
  const admission = deps.admission ?? (server.containerConcurrency ? createAdmission(server.containerConcurrency) : undefined);
  if (admission) app.use(withConcurrencyLimit({ admission }));
  const bodyLimits = { maxBodyBytes: server.maxBodyBytes, maxJsonDepth };
  app.use(createV2Router({ dataPlane, accessGuard, ...bodyLimits }));
  app.use(createGenerateRouter({ dataPlane, accessGuard, ...bodyLimits, logger }));
  app.use(createV1Router({ dataPlane, accessGuard, ...bodyLimits }));
  for (const router of deps.extraRouters ?? []) app.use(router);

  app.use(createNotFoundHandler());
  app.use(createErrorHandler({ logger }));
  return app;
}
