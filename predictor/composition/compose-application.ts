/**
 * @module composition/compose-application
 * Builds the whole predictor from a validated Config: LLM stack, pipeline model, data
 * plane, security, and the Express app. `main.ts` calls it after loading config; whole-app
 * tests call it the same way with their own config, logger and registry, so what is tested
 * is what runs.
 */
import type { Express } from 'express';
import type { Registry } from 'prom-client';
import type { Config } from '../config/config-schema.js';
import { createApp } from '../app.js';
import { createDataPlane, type DataPlane } from '../dataplane/data-plane.js';
import { createModelRegistry } from '../dataplane/model-registry.js';
import { realSleep, type Now, type Random, type Sleep } from '../clock.js';
import { createHttpMetrics } from '../observability/http-metrics.js';
import type { Logger } from '../observability/logger.js';
import { createPipelineTelemetry } from '../observability/pipeline-telemetry.js';
import { genAiProviderNameOf } from '../observability/gen-ai-conventions.js';
import { randomUUID } from 'node:crypto';
import type { Tracer } from '@opentelemetry/api';
import type { PredictorModel } from '../contract/predictor-model.js';
import { secretValues } from '../config/load-config.js';
import { composeModel } from './compose-model.js';
import { composeMonitoring, type Monitoring } from './compose-monitoring.js';
import { createPipelineModel } from '../pipeline/pipeline-model.js';
import { createFeedbackRouter } from '../protocol/feedback-router.js';
import { withTraceContext } from '../protocol/middleware/trace-context.js';
import { pipelineModelOptionsFrom } from './pipeline-model-options.js';
import { createInFlightRequests, type InFlightRequests } from '../protocol/in-flight-requests.js';
import { createCors } from '../protocol/middleware/cors.js';
import { composeJobs } from './compose-jobs.js';
import { composeLlm, type LlmStack } from './compose-llm.js';
import { connectRedis } from './connect-redis.js';
import { composeSecurity, type ComposedSecurity } from './compose-security.js';
import { createAdmission } from '../protocol/admission.js';
import { createGrpcServer, type CreateGrpcServerOptions, type GrpcServer } from '../protocol/grpc/create-grpc-server.js';
import { createGrpcMetrics } from '../observability/grpc-metrics.js';

export interface ComposeApplicationOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly renderMetrics: () => Promise<{ contentType: string; body: string }>;
  readonly readFile: (path: string) => Promise<string>;
  readonly now?: Now;
  readonly sleep?: Sleep;
  readonly random?: Random;
  /** Package version, reported by `GET /v2`. */
  readonly serverVersion: string;
  /** From `createTracing`; spans are no-ops unless trace export is on. */
  readonly tracer?: Tracer;
  /**
   * Whether the LLM calls get spans of their own (`invoke_agent`, `generate_content`); default
   * true. main.ts sets it to whether traces are exported: a span nobody records only adds two
   * layers to every call, while the request's trace context (and `trace_id` in logs) stays.
   */
  readonly traceLlmCalls?: boolean;
  /** Wraps the served model once it is decorated (main.ts: the first-inference timing of a cold start). */
  readonly observeServedModel?: (model: PredictorModel) => PredictorModel;
  /** How the gRPC server is built on first use (`CreateGrpcServerOptions.build`). */
  readonly buildGrpcServer?: CreateGrpcServerOptions['build'];
  /** Node's proxy environment when the process uses it (`NODE_USE_ENV_PROXY=1`, `--use-env-proxy`). */
  readonly proxyEnv?: NodeJS.ProcessEnv;
}

export interface Application {
  readonly app: Express;
  /** GRPCInferenceService on the same data plane; `startServer` decides where it listens. */
  readonly grpcServer: GrpcServer;
  readonly dataPlane: DataPlane;
  readonly inFlight: InFlightRequests;
  readonly llm: LlmStack;
  readonly security: ComposedSecurity;
  readonly monitoring: Monitoring;
  /** Releases clients and the in-process emulator, after the HTTP server has drained. */
  close(): Promise<void>;
}

export async function composeApplication(options: ComposeApplicationOptions): Promise<Application> {
  const { config, logger, registry, now = Date.now, sleep = realSleep, random = Math.random } = options;
  // One Redis connection for the response cache, the episode cache and the limits.
  const redis = config.llm.redisUrl === undefined ? undefined : await connectRedis({ url: config.llm.redisUrl, logger });
  const shared = redis ? { redis } : {};
  const security = await composeSecurity({ config, logger, registry, readFile: options.readFile, now, ...shared });
  const { tracer, proxyEnv, traceLlmCalls = true } = options;
  const llm = await composeLlm({
    config,
    logger,
    registry,
    readFile: options.readFile,
    now,
    sleep,
    random,
    ...(tracer && traceLlmCalls ? { tracer } : {}),
    ...(proxyEnv ? { proxyEnv } : {}),
    ...shared,
  });
  const monitoring = composeMonitoring({
    config,
    logger,
    registry,
    provider: llm.provider,
    costOf: llm.costOf,
    secrets: secretValues(config),
    now,
    random,
    generateId: randomUUID,
    ...(security.guardrails ? { guardrails: security.guardrails } : {}),
  });
  const pipelineModel = createPipelineModel(
    pipelineModelOptionsFrom({
      config,
      llm,
      models: monitoring.wrapProvider(llm.provider),
      onEvent: createPipelineTelemetry({ logger, registry, providerName: genAiProviderNameOf(llm.backend.backend) }),
      now,
      guardrails: security.guardrails,
    }),
  );
  await pipelineModel.load();
  const { payloadLogger, promptSplit, evaluator } = monitoring;
  const decorated = composeModel({ model: pipelineModel, payloadLogger, promptSplit, evaluator, limiter: security.limiter });
  const servedModel = options.observeServedModel?.(decorated) ?? decorated;
  const dataPlane = createDataPlane({
    registry: createModelRegistry([servedModel]),
    serverMetadata: { name: 'multi-agent-pipeline', version: options.serverVersion, extensions: ['binary_tensor_data'] },
  });
  const inFlight = createInFlightRequests();
  // One count of requests at once for REST and gRPC together: the memory budget's CONTAINER_CONCURRENCY.
  const admission = createAdmission(config.server.containerConcurrency);
  const app = createApp({
    dataPlane,
    logger,
    admission,
    httpMetrics: createHttpMetrics({ registry }),
    renderMetrics: options.renderMetrics,
    server: config.server,
    inFlight,
    now,
    accessGuard: security.accessGuard,
    protectMetrics: config.security.metricsAuth,
    maxJsonDepth: config.security.maxJsonDepth,
    extraMiddleware: [
      ...(tracer ? [withTraceContext({ tracer })] : []),
      createCors({ allowedOrigins: config.security.corsAllowedOrigins }),
    ],
    extraRouters: [
      ...composeJobs({ config, llm, security, logger, now }),
      createFeedbackRouter({
        feedbackService: monitoring.feedbackService,
        accessGuard: security.accessGuard,
        maxJsonDepth: config.security.maxJsonDepth,
      }),
    ],
  });
  const grpcServer = createGrpcServer({
    dataPlane,
    accessGuard: security.accessGuard,
    logger,
    metrics: createGrpcMetrics({ registry }),
    inFlight,
    requestTimeoutMs: config.server.requestTimeoutMs,
    maxMessageBytes: config.server.maxBodyBytes,
    admission,
    now,
    ...(tracer ? { tracer } : {}),
    ...(options.buildGrpcServer ? { build: options.buildGrpcServer } : {}),
  });
  return {
    app,
    grpcServer,
    dataPlane,
    inFlight,
    llm,
    security,
    monitoring,
    async close() {
      await monitoring.close(5000);
      security.close();
      await llm.close();
      await redis?.quit().catch(() => undefined);
    },
  };
}
