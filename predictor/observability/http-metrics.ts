/**
 * @module observability/http-metrics
 * HTTP request metrics on an injected prom-client Registry (never the global one):
 * `predictor_requests_total` and `predictor_request_duration_seconds`, labelled by route
 * template, model and status. Callers keep labels bounded (templates, known model names).
 */
import { Counter, Histogram, type Registry } from 'prom-client';

export interface HttpRequestLabels {
  /** Route template such as `/v2/models/:name/infer`, never a raw path. */
  readonly route: string;
  /** A served model's name, "unknown", or "" for routes without a model. */
  readonly model: string;
  readonly status: number;
}

/** What the HTTP middleware records; `createHttpMetrics` implements it with prom-client. */
export interface HttpMetrics {
  observeRequest(labels: HttpRequestLabels, durationSeconds: number): void;
}

export interface CreateHttpMetricsOptions {
  readonly registry: Registry;
  /** Histogram buckets in seconds; inference runs LLM calls, so they reach minutes. */
  readonly durationBucketsSeconds?: readonly number[];
}

const DEFAULT_BUCKETS_SECONDS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];
const LABEL_NAMES = ['route', 'model', 'status'] as const;

/** @example const httpMetrics = createHttpMetrics({ registry: metricsRegistry.registry }); */
export function createHttpMetrics({ registry, durationBucketsSeconds = DEFAULT_BUCKETS_SECONDS }: CreateHttpMetricsOptions): HttpMetrics {
  const requests = new Counter({
    name: 'predictor_requests_total',
    help: 'HTTP requests served, by route template, model and status.',
    labelNames: LABEL_NAMES,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'predictor_request_duration_seconds',
    help: 'HTTP request duration in seconds, by route template, model and status.',
    labelNames: LABEL_NAMES,
    buckets: [...durationBucketsSeconds],
    registers: [registry],
  });
  return {
    observeRequest({ route, model, status }, durationSeconds) {
      const labels = { route, model, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, durationSeconds);
    },
  };
}
