/**
 * @module config/sections/pipeline-config
 * The podcast pipeline: prompt version, per-agent model tiers, generation parameters and
 * per-request bounds.
 */
import type { ConfigSection } from '../config-field.js';

export type ModelTier = 'flash-lite' | 'flash' | 'pro';

export interface PipelineConfig {
  readonly promptVersion: string;
  readonly summarizerTier: ModelTier;
  readonly insightsTier: ModelTier;
  readonly factCheckerTier: ModelTier;
  readonly temperature: number;
  readonly maxOutputTokens: number;
  readonly maxEpisodesPerRequest: number;
  readonly episodeConcurrency: number;
  readonly failOnPartial: boolean;
}

const tierSchema = { type: 'string', enum: ['flash-lite', 'flash', 'pro'] } as const;

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
} as const satisfies ConfigSection;
