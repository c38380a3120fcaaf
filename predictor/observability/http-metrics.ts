/**
 * @module observability/http-metrics
 * HTTP server metrics on an injected prom-client Registry (never the global one), per the
 * OpenTelemetry HTTP conventions as a Prometheus exporter names them:
 * `http.server.request.duration` → `http_server_request_duration_seconds` with
 * `http_request_method`, `http_route` (the route template, never a raw path) and
 * `http_response_status_code`. Probes and /metrics, polled every few seconds, would drown
 * the rest: they are counted apart in `http_server_probe_requests_total`. Spend per
 * principal (`principal_cost_usd_total`, `principal_tokens_total`) is counted here too,
 * once per request, because only the request knows its caller.
 */
import { Counter, Histogram, type Registry } from 'prom-client';

export interface HttpRequestLabels {
  readonly method: string;
  /** Route template such as `/v2/models/:name/infer`, never a raw path. */
  readonly route: string;
  readonly status: number;
}

/** What one request was billed upstream. */
export interface RequestSpend {
  readonly tokens: number;
  readonly costUsd: number;
}

/** What the HTTP middleware records; `createHttpMetrics` implements it with prom-client. */
export interface HttpMetrics {
  observeRequest(labels: HttpRequestLabels, durationSeconds: number): void;
  recordSpend(principalId: string, spend: RequestSpend): void;
}

export interface CreateHttpMetricsOptions {
  readonly registry: Registry;
  /** Histogram buckets in seconds; inference runs LLM calls, so they reach minutes. */
  readonly durationBucketsSeconds?: readonly number[];
  /** Route templates counted apart from the duration histogram. */
  readonly probeRoutes?: readonly string[];
  /** Distinct principals labelled by id; later ones are `other` (JWT subjects are unbounded). */
  readonly maxPrincipals?: number;
}

/** OTel's advisory buckets for http.server.request.duration, extended to the request deadline's minutes. */
const DEFAULT_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60, 120, 300, 600];
/** KServe v1 liveness (`/`), the OIP probes and the Prometheus scrape. */
export const PROBE_ROUTES = ['/', '/v2/health/live', '/v2/health/ready', '/metrics'];
/** HTTP semconv: methods outside the well-known set are recorded as `_OTHER`. */
const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']);
const DEFAULT_MAX_PRINCIPALS = 100;

/** @example const httpMetrics = createHttpMetrics({ registry: metricsRegistry.registry }); */
export function createHttpMetrics({
  registry,
  durationBucketsSeconds = DEFAULT_BUCKETS_SECONDS,
  probeRoutes = PROBE_ROUTES,
  maxPrincipals = DEFAULT_MAX_PRINCIPALS,
}: CreateHttpMetricsOptions): HttpMetrics {
  const registers = [registry];
  const duration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP server requests (OTel http.server.request.duration), probes and /metrics excepted.',
    labelNames: ['http_request_method', 'http_route', 'http_response_status_code'] as const,
    buckets: [...durationBucketsSeconds],
    registers,
  });
  const probes = new Counter({
    name: 'http_server_probe_requests_total',
    help: 'Probe and /metrics requests, by route template and status (kept out of http_server_request_duration_seconds).',
    labelNames: ['http_route', 'http_response_status_code'] as const,
    registers,
  });
  const principalCost = new Counter({
    name: 'principal_cost_usd_total',
    help: 'Estimated LLM spend in USD by calling principal (failed requests included: what they were billed).',
    labelNames: ['principal'] as const,
    registers,
  });
  const principalTokens = new Counter({
    name: 'principal_tokens_total',
    help: 'Billed LLM tokens (input and output) by calling principal.',
    labelNames: ['principal'] as const,
    registers,
  });
  const isProbe = new Set(probeRoutes);
  const principals = new Set<string>();
  const principalLabel = (id: string): string => {
    if (principals.has(id)) return id;
    if (principals.size >= maxPrincipals) return 'other';
    principals.add(id);
    return id;
  };
  return {
    observeRequest({ method, route, status }, durationSeconds) {
      const statusCode = String(status);
      if (isProbe.has(route)) {
        probes.inc({ http_route: route, http_response_status_code: statusCode });
        return;
      }
      const httpMethod = KNOWN_METHODS.has(method) ? method : '_OTHER';
      duration.observe({ http_request_method: httpMethod, http_route: route, http_response_status_code: statusCode }, durationSeconds);
    },
    recordSpend(principalId, { tokens, costUsd }) {
      if (tokens <= 0 && costUsd <= 0) return;
      const principal = principalLabel(principalId);
      if (costUsd > 0) principalCost.inc({ principal }, costUsd);
      if (tokens > 0) principalTokens.inc({ principal }, tokens);
    },
  };
}
