/**
 * @module config/sections/jobs-config
 * The async batch-job API on the Gemini Batch API (half price, no local state).
 */
import type { ConfigSection, SectionValues } from '../config-field.js';

export const jobsConfigSection = {
  isEnabled: {
    env: 'JOBS_ENABLED',
    schema: { type: 'boolean', default: false },
    description: 'Mount the async job routes (/v2/models/{name}/jobs) on the Gemini Batch API.',
  },
  idSecret: {
    env: 'JOBS_ID_SECRET',
    schema: { type: 'string', minLength: 32 },
    description: 'HMAC key that signs job ids (same on every replica; required on the gemini backend).',
    isSecret: true,
  },
  maxEpisodes: {
    env: 'JOBS_MAX_EPISODES',
    schema: { type: 'integer', minimum: 1, maximum: 100000, default: 500 },
    description: 'Episodes one job may carry.',
  },
  maxBodyBytes: {
    env: 'JOBS_MAX_BODY_BYTES',
    schema: { type: 'integer', minimum: 1024, default: 8388608 },
    description: 'Largest job submission body.',
  },
  maxBatchBytes: {
    env: 'JOBS_MAX_BATCH_BYTES',
    schema: { type: 'integer', minimum: 1024, maximum: 20000000, default: 19000000 },
    description: 'Largest upstream batch (Gemini inline batches are capped at 20 MB).',
  },
} as const satisfies ConfigSection;

export type JobsConfig = SectionValues<typeof jobsConfigSection>;
