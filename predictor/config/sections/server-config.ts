/**
 * @module config/sections/server-config
 * HTTP and gRPC servers and KServe conventions (PORT/--http_port, GRPC_PORT/--grpc_port, MODEL_NAME/--model_name).
 */
import type { ConfigSection, SectionValues } from '../config-field.js';

export const serverConfigSection = {
  port: {
    env: 'PORT',
    flags: ['http_port'],
    schema: { type: 'integer', minimum: 0, maximum: 65535, default: 8080 },
    description: 'HTTP port (Knative sets PORT; 0 picks a free port).',
  },
  grpcPort: {
    env: 'GRPC_PORT',
    flags: ['grpc_port'],
    schema: { type: 'integer', minimum: 0, maximum: 65535, default: 8081 },
    description:
      "gRPC port of the Open Inference Protocol's GRPCInferenceService (KServe's default 8081; 0 disables the separate gRPC listener). Standard mode exposes it; serverless serves gRPC on PORT instead (GRPC_ON_HTTP_PORT).",
  },
  grpcOnHttpPort: {
    env: 'GRPC_ON_HTTP_PORT',
    schema: { type: 'boolean', default: true },
    description:
      'Also serve HTTP/2 cleartext (h2c) on PORT: gRPC and REST over h2c beside REST over HTTP/1.1, so a Knative port named h2c answers both protocols.',
  },
  host: {
    env: 'HOST',
    schema: { type: 'string', minLength: 1, default: '0.0.0.0' },
    description: 'Address to bind.',
  },
  modelName: {
    env: 'MODEL_NAME',
    flags: ['model_name'],
    schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$', default: 'podcast-pipeline' },
    description: 'Name the pipeline model is served under.',
  },
  modelVersion: {
    env: 'MODEL_VERSION',
    schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,63}$', default: '1' },
    description: 'The single model version served; other versions answer 501.',
  },
  maxBodyBytes: {
    env: 'MAX_BODY_BYTES',
    schema: { type: 'integer', minimum: 1024, default: 2097152 },
    description:
      'Largest accepted request body; larger bodies get 413. 2 MiB holds one plain-text transcript at the 2-million-character cap; memory per request grows with it (docs/deployment.md).',
  },
  requestTimeoutMs: {
    env: 'REQUEST_TIMEOUT_MS',
    schema: { type: 'integer', minimum: 1000, maximum: 3600000, default: 300000 },
    description: 'Deadline of one inference request, carried down to every LLM call.',
  },
  keepAliveTimeoutMs: {
    env: 'KEEP_ALIVE_TIMEOUT_MS',
    schema: { type: 'integer', minimum: 1000, default: 75000 },
    description: 'HTTP keep-alive; above the 60-65 s idle timeout of Envoy/Istio/ALB proxies.',
  },
  headersTimeoutMs: {
    env: 'HEADERS_TIMEOUT_MS',
    schema: { type: 'integer', minimum: 1000, default: 76000 },
    description: 'HTTP headers timeout; must exceed the keep-alive timeout.',
  },
  drainDelayMs: {
    env: 'DRAIN_DELAY_MS',
    schema: { type: 'integer', minimum: 0, default: 3000 },
    description: 'On SIGTERM, time readiness reports 503 before the listener closes (lets endpoints update).',
  },
  shutdownTimeoutMs: {
    env: 'SHUTDOWN_TIMEOUT_MS',
    schema: { type: 'integer', minimum: 0, default: 30000 },
    description: 'On SIGTERM, how long in-flight requests may finish before they are aborted.',
  },
  /** Requests served at once; 0 means unlimited. */
  containerConcurrency: {
    env: 'CONTAINER_CONCURRENCY',
    schema: { type: 'integer', minimum: 0, maximum: 1000, default: 0 },
    description:
      "Requests served at once (0 = unlimited); one more gets 503 with Retry-After, probes and /metrics are never refused. Set it to the InferenceService's containerConcurrency; in standard mode it is the only bound.",
  },
  /** The container's memory limit; 0 means unknown (no memory budget check). */
  memoryLimitBytes: {
    env: 'MEMORY_LIMIT_BYTES',
    schema: { type: 'integer', minimum: 0, default: 0 },
    description:
      "The container's memory limit (Downward API `resourceFieldRef: limits.memory`; 0 = unknown). When set, start-up refuses a MAX_BODY_BYTES and CONTAINER_CONCURRENCY whose worst case does not fit it with 25% headroom (docs/deployment.md).",
  },
} as const satisfies ConfigSection;

export type ServerConfig = SectionValues<typeof serverConfigSection>;
