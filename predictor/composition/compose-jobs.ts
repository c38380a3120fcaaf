/**
 * @module composition/compose-jobs
 * The async job routes on the Gemini Batch API, when JOBS_ENABLED is set.
 */
import type { Router } from 'express';
import type { Config } from '../config/config-schema.js';
import { createJobIdCodec } from '../jobs/job-id-codec.js';
import { createJobService } from '../jobs/job-service.js';
import { resolveJobIdSecret } from '../jobs/resolve-job-id-secret.js';
import { createGeminiBatchClient } from '../llm/gemini-batch.js';
import type { Logger } from '../observability/logger.js';
import { createBatchCodec } from '../pipeline/batch-codec.js';
import { createJobsRouter } from '../protocol/jobs-router.js';
import type { ComposedSecurity } from './compose-security.js';
import type { LlmStack } from './compose-llm.js';

export interface ComposeJobsOptions {
  readonly config: Config;
  readonly llm: LlmStack;
  readonly security: ComposedSecurity;
  readonly logger: Logger;
  readonly now: () => number;
}

/** The jobs router, or none when jobs are disabled. */
export function composeJobs({ config, llm, security, logger, now }: ComposeJobsOptions): Router[] {
  if (!config.jobs.isEnabled) return [];
  const jobService = createJobService({
    batchClient: createGeminiBatchClient({ client: llm.backend.client }),
    pipelineCodec: createBatchCodec({
      router: llm.router,
      models: llm.provider,
      generation: { temperature: config.pipeline.temperature, maxOutputTokens: config.pipeline.maxOutputTokens },
      defaultPromptVersion: config.pipeline.promptVersion,
      maxEpisodesPerJob: config.jobs.maxEpisodes,
      ...(security.guardrails ? { guardrails: security.guardrails } : {}),
    }),
    idCodec: createJobIdCodec({
      secret: resolveJobIdSecret({ configuredSecret: config.jobs.idSecret, backend: llm.backend.backend, logger }),
    }),
    modelName: config.server.modelName,
    llmBackend: llm.backend.backend,
    maxBatchBytes: config.jobs.maxBatchBytes,
    priceTable: llm.priceTable,
    limiter: security.limiter,
    logger,
    now,
  });
  return [
    createJobsRouter({
      jobService,
      accessGuard: security.accessGuard,
      maxBodyBytes: config.jobs.maxBodyBytes,
      maxJsonDepth: config.security.maxJsonDepth,
    }),
  ];
}
