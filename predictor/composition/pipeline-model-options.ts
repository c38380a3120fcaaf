/**
 * @module composition/pipeline-model-options
 * The pipeline model's options from config and the LLM stack, shared by the server and the
 * offline evaluation so both run the same pipeline.
 */
import type { Config } from '../config/config-schema.js';
import type { LanguageModelProvider } from '../llm/language-model.js';
import type { PipelineEventSink } from '../pipeline/pipeline-events.js';
import type { PipelineModelOptions } from '../pipeline/pipeline-model.js';
import type { Guardrails } from '../security/guardrails/create-guardrails.js';
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

export function pipelineModelOptionsFrom({ config, llm, models, onEvent, now, guardrails }: PipelineModelOptionsInput): PipelineModelOptions {
  const { pipeline, server } = config;
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
    onEvent,
    now,
    chunking: { maxInputTokens: pipeline.chunkMaxInputTokens, overlapSegments: pipeline.chunkOverlapSegments, concurrency: pipeline.chunkConcurrency },
    ...(llm.contextCache ? { contextCache: llm.contextCache } : {}),
    isNaiveModeEnabled: pipeline.isNaiveModeEnabled,
    ...(guardrails ? { guardrails } : {}),
  };
}
