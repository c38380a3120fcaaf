/**
 * @module observability/grpc-metrics
 * gRPC call metrics on an injected prom-client Registry, the counterpart of http-metrics:
 * `predictor_grpc_requests_total` and `predictor_grpc_request_duration_seconds`, labelled by
 * `protocol` ("grpc"), the RPC's full method name, model and gRPC status name. Callers keep
 * labels bounded (method names of the served protos, known model names).
 */
import { Counter, Histogram, type Registry } from 'prom-client';

export interface GrpcCallLabels {
  /** `/inference.GRPCInferenceService/ModelInfer`, never anything a client chose. */
  readonly method: string;
  /** A served model's name, "unknown", or "" for calls without a model. */
  readonly model: string;
  /** gRPC status name (OK, INVALID_ARGUMENT, ...). */
  readonly code: string;
}

export interface GrpcMetrics {
  observeCall(labels: GrpcCallLabels, durationSeconds: number): void;
}

export interface CreateGrpcMetricsOptions {
  readonly registry: Registry;
  readonly durationBucketsSeconds?: readonly number[];
}

const DEFAULT_BUCKETS_SECONDS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];
const LABEL_NAMES = ['protocol', 'method', 'model', 'code'] as const;

/** @example const grpcMetrics = createGrpcMetrics({ registry }); */
export function createGrpcMetrics({ registry, durationBucketsSeconds = DEFAULT_BUCKETS_SECONDS }: CreateGrpcMetricsOptions): GrpcMetrics {
  const calls = new Counter({
    name: 'predictor_grpc_requests_total',
    help: 'gRPC calls served, by method, model and status code.',
    labelNames: LABEL_NAMES,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'predictor_grpc_request_duration_seconds',
    help: 'gRPC call duration in seconds, by method, model and status code.',
    labelNames: LABEL_NAMES,
    buckets: [...durationBucketsSeconds],
    registers: [registry],
  });
  return {
    observeCall({ method, model, code }, durationSeconds) {
      const labels = { protocol: 'grpc', method, model, code };
      calls.inc(labels);
      duration.observe(labels, durationSeconds);
    },
  };
}
