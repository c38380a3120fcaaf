/**
 * @module composition/pipeline-model-options
 * The pipeline model's options from config and the LLM stack, shared by the server and the
 * offline evaluation so both run the same pipeline.
 */
import type { Config } from '../config/config-schema.js';
import { modelIdsByTier } from '../config/sections/gemini-config.js';
import type { LanguageModelProvider } from '../llm/language-model.js';
import { createEpisodeResultCache } from '../pipeline/episode-result-cache.js';
import type { PipelineEventSink } from '../observability/pipeline-events.js';
import type { PipelineModelOptions } from '../pipeline/pipeline-model.js';
import type { Guardrails } from '../pipeline/guardrails/create-guardrails.js';
import type { LlmStack } from './compose-llm.js';

export interface PipelineModelOptionsInput {
  readonly config: Config;
  readonly llm: LlmStack;
  /** The provider the agents call (possibly wrapped, e.g. by a call recorder). */
  readonly models: LanguageModelProvider;
  readonly onEvent: PipelineEventSink;
  readonly now: () => number;
  readonly guardrails?: Guardrails;
}

/** Every setting that shapes an episode's outputs; part of the episode cache key. */
function outputFingerprint(config: Config): string {
  const { gemini, pipeline, security } = config;
  return JSON.stringify({
    models: modelIdsByTier(gemini),
    tiers: [pipeline.summarizerTier, pipeline.insightsTier, pipeline.factCheckerTier],
    generation: [pipeline.temperature, pipeline.maxOutputTokens],
    chunking: [pipeline.chunkMaxInputTokens, pipeline.chunkOverlapSegments],
    sharedModel: pipeline.isContextCacheEnabled ? pipeline.contextCacheSharedModel : 'off',
    guardrails: [security.guardrails, security.guardrailPiiKinds, security.guardrailFailMode],
  });
}

export function pipelineModelOptionsFrom({
  config,
  llm,
  models,
  onEvent,
  now,
  guardrails,
}: PipelineModelOptionsInput): PipelineModelOptions {
  const { pipeline, server } = config;
  const store = llm.responseCacheStore;
  return {
    name: server.modelName,
    version: server.modelVersion,
    router: llm.router,
    models,
    promptVersion: pipeline.promptVersion,
    generation: { temperature: pipeline.temperature, maxOutputTokens: pipeline.maxOutputTokens },
    maxEpisodesPerRequest: pipeline.maxEpisodesPerRequest,
    episodeConcurrency: pipeline.episodeConcurrency,
    failOnPartial: pipeline.failOnPartial,
    llmBackend: llm.backend.backend,
    costOf: llm.costOf,
    fallbackModelsOf: llm.fallbackModelsOf,
    onEvent,
    now,
    chunking: {
      maxInputTokens: pipeline.chunkMaxInputTokens,
      overlapSegments: pipeline.chunkOverlapSegments,
      concurrency: pipeline.chunkConcurrency,
    },
    ...(llm.contextCache ? { contextCache: llm.contextCache } : {}),
    ...(guardrails ? { guardrails } : {}),
    ...(store
      ? {
          resultCache: createEpisodeResultCache({
            store,
            ttlMs: config.llm.responseCacheTtlSeconds * 1000,
            fingerprint: outputFingerprint(config),
            scope: config.llm.responseCacheScope,
          }),
        }
      : {}),
  };
}
