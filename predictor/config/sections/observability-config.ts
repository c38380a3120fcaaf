/**
 * @module config/sections/observability-config
 * Logging switches. Prompts and outputs are never logged; request/response payloads go to
 * PAYLOAD_LOG_SINK (monitoring section), always PII-redacted.
 */
import type { ConfigSection, SectionValues } from '../config-field.js';

export const observabilityConfigSection = {
  logLevel: {
    env: 'LOG_LEVEL',
    schema: { type: 'string', enum: ['debug', 'info', 'warn', 'error'], default: 'info' },
    description: 'Log level (JSON lines on stdout).',
  },
} as const satisfies ConfigSection;

export type ObservabilityConfig = SectionValues<typeof observabilityConfigSection>;
