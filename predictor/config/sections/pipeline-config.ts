/**
 * @module config/sections/pipeline-config
 * The podcast pipeline: prompt version, per-agent model tiers, generation parameters,
 * per-request bounds, transcript chunking and explicit context caching (docs/cost.md).
 */
import type { ConfigSection, SchemaValue, SectionValues } from '../config-field.js';

const tierSchema = { type: 'string', enum: ['flash-lite', 'flash', 'pro'] } as const;

export type ModelTier = SchemaValue<typeof tierSchema>;

export const pipelineConfigSection = {
  promptVersion: {
    env: 'PROMPT_VERSION',
    schema: { type: 'string', pattern: '^[a-z0-9.-]{1,32}$', default: 'v1' },
    description: 'Default prompt version (a request parameter `prompt_version` may pick another).',
  },
  summarizerTier: {
    env: 'SUMMARIZER_MODEL_TIER',
    schema: { ...tierSchema, default: 'flash-lite' },
    description: 'Model tier of the summarizer agent.',
  },
  insightsTier: {
    env: 'INSIGHTS_MODEL_TIER',
    schema: { ...tierSchema, default: 'flash-lite' },
    description: 'Model tier of the key-insights agent.',
  },
  factCheckerTier: {
    env: 'FACT_CHECKER_MODEL_TIER',
    schema: { ...tierSchema, default: 'flash' },
    description: 'Model tier of the fact-checker agent (Search grounding).',
  },
  temperature: {
    env: 'LLM_TEMPERATURE',
    schema: { type: 'number', minimum: 0, maximum: 2, default: 0.2 },
    description: 'Sampling temperature of every agent.',
  },
  maxOutputTokens: {
    env: 'LLM_MAX_OUTPUT_TOKENS',
    schema: { type: 'integer', minimum: 64, maximum: 65536, default: 4096 },
    description: 'Output token cap per LLM call.',
  },
  maxEpisodesPerRequest: {
    env: 'MAX_EPISODES_PER_REQUEST',
    schema: { type: 'integer', minimum: 1, maximum: 1024, default: 16 },
    description: 'Largest batch (episode tensor length) one request may carry.',
  },
  episodeConcurrency: {
    env: 'EPISODE_CONCURRENCY',
    schema: { type: 'integer', minimum: 1, maximum: 256, default: 4 },
    description: 'Episodes of one request processed at once.',
  },
  failOnPartial: {
    env: 'PIPELINE_FAIL_ON_PARTIAL',
    schema: { type: 'boolean', default: false },
    description: 'Fail the whole request when an agent fails, instead of returning partial results.',
  },
  chunkMaxInputTokens: {
    env: 'CHUNK_MAX_INPUT_TOKENS',
    schema: { type: 'integer', minimum: 2000, maximum: 2000000, default: 200000 },
    description:
      'Largest prompt (tokens, estimated as bytes/4) one agent call may send; longer transcripts are split into chunks at section or segment boundaries, analysed in parallel and merged.',
  },
  chunkOverlapSegments: {
    env: 'CHUNK_OVERLAP_SEGMENTS',
    schema: { type: 'integer', minimum: 0, maximum: 50, default: 2 },
    description: 'Transcript segments repeated at the start of the next chunk, so a statement at a cut is seen whole.',
  },
  chunkConcurrency: {
    env: 'CHUNK_CONCURRENCY',
    schema: { type: 'integer', minimum: 1, maximum: 32, default: 4 },
    description: 'Chunk calls of one agent in flight at once (per episode, each of the three agents).',
  },
  isContextCacheEnabled: {
    env: 'CONTEXT_CACHE_ENABLED',
    schema: { type: 'boolean', default: true },
    description:
      'Create an explicit context cache (system instruction + transcript) shared by the agents of a run when the price table says it is cheaper; false leaves implicit caching only.',
  },
  contextCacheTtlSeconds: {
    env: 'CONTEXT_CACHE_TTL_SECONDS',
    schema: { type: 'integer', minimum: 60, maximum: 86400, default: 300 },
    description:
      'Expiry of an explicit context cache, the backstop if the run cannot delete it; cache planning prices storage for this long.',
  },
  contextCacheSharedModel: {
    env: 'CONTEXT_CACHE_SHARED_MODEL',
    schema: { type: 'string', enum: ['auto', 'always', 'never'], default: 'auto' },
    description:
      'Move all agents of a cached run to the strongest routed model so they share one cache: auto (when cheaper), always (whenever it can cache) or never.',
  },
  contextCacheExpectedOutputTokens: {
    env: 'CONTEXT_CACHE_EXPECTED_OUTPUT_TOKENS',
    schema: { type: 'integer', minimum: 0, maximum: 65536, default: 1000 },
    description: 'Output tokens assumed per agent call when the cache planner compares models.',
  },
} as const satisfies ConfigSection;

export type PipelineConfig = SectionValues<typeof pipelineConfigSection>;

/** Whether agents may move to one model so that they share one explicit context cache. */
export type SharedModelPolicy = PipelineConfig['contextCacheSharedModel'];
