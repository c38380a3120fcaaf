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
import type { Now, Random, Sleep } from '../llm/middleware/clock.js';
import { createHttpMetrics } from '../observability/http-metrics.js';
import type { Logger } from '../observability/logger.js';
import { createPipelineTelemetry } from '../observability/pipeline-telemetry.js';
import { createPipelineModel } from '../pipeline/pipeline-model.js';
import { createInFlightRequests, type InFlightRequests } from '../protocol/in-flight-requests.js';
import { createCors } from '../protocol/middleware/cors.js';
import type { Security } from '../security/create-security.js';
import { composeJobs } from './compose-jobs.js';
import { composeLlm, type LlmStack } from './compose-llm.js';
import { composeSecurity } from './compose-security.js';

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
}

export interface Application {
  readonly app: Express;
  readonly dataPlane: DataPlane;
  readonly inFlight: InFlightRequests;
  readonly llm: LlmStack;
  readonly security: Security;
  /** Releases clients and the in-process emulator, after the HTTP server has drained. */
  close(): Promise<void>;
}

const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

export async function composeApplication(options: ComposeApplicationOptions): Promise<Application> {
  const { config, logger, registry, now = Date.now, sleep = defaultSleep, random = Math.random } = options;
  const security = await composeSecurity({ config, logger, registry, readFile: options.readFile, now });
  const llm = await composeLlm({ config, logger, registry, readFile: options.readFile, now, sleep, random });
  const pipelineModel = createPipelineModel({
    name: config.server.modelName,
    version: config.server.modelVersion,
    router: llm.router,
    models: llm.provider,
    promptVersion: config.pipeline.promptVersion,
    generation: { temperature: config.pipeline.temperature, maxOutputTokens: config.pipeline.maxOutputTokens },
    maxEpisodesPerRequest: config.pipeline.maxEpisodesPerRequest,
    episodeConcurrency: config.pipeline.episodeConcurrency,
    failOnPartial: config.pipeline.failOnPartial,
    llmBackend: llm.backend.backend,
    costOf: llm.costOf,
    onEvent: createPipelineTelemetry({ logger, registry }),
    now,
    chunking: {
      maxInputTokens: config.pipeline.chunkMaxInputTokens,
      overlapSegments: config.pipeline.chunkOverlapSegments,
      concurrency: config.pipeline.chunkConcurrency,
    },
    ...(llm.contextCache ? { contextCache: llm.contextCache } : {}),
    isNaiveModeEnabled: config.pipeline.isNaiveModeEnabled,
    guardrails: security.guardrails,
  });
  await pipelineModel.load();
  const dataPlane = createDataPlane({
    registry: createModelRegistry([pipelineModel]),
    serverMetadata: { name: 'multi-agent-pipeline', version: options.serverVersion, extensions: ['binary_tensor_data'] },
    limiter: security.limiter,
  });
  const inFlight = createInFlightRequests();
  const app = createApp({
    dataPlane,
    logger,
    httpMetrics: createHttpMetrics({ registry }),
    renderMetrics: options.renderMetrics,
    server: config.server,
    inFlight,
    now,
    accessGuard: security.accessGuard,
    protectMetrics: config.security.metricsAuth,
    maxJsonDepth: config.security.maxJsonDepth,
    extraMiddleware: [createCors({ allowedOrigins: config.security.corsAllowedOrigins })],
    extraRouters: [...composeJobs({ config, llm, security, logger, now })],
  });
  return {
    app,
    dataPlane,
    inFlight,
    llm,
    security,
    async close() {
      security.close();
      await llm.close();
    },
  };
}
