/**
 * @module config/sections/observability-config
 * Logging and metrics switches.
 */
import type { ConfigSection } from '../config-field.js';

export interface ObservabilityConfig {
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly logPayloads: boolean;
}

export const observabilityConfigSection = {
  logLevel: {
    env: 'LOG_LEVEL',
    schema: { type: 'string', enum: ['debug', 'info', 'warn', 'error'], default: 'info' },
    description: 'Log level (JSON lines on stdout).',
  },
  logPayloads: {
    env: 'LOG_PAYLOADS',
    schema: { type: 'boolean', default: false },
    description: 'Log request/response payloads (always redacted). Off by default.',
  },
} as const satisfies ConfigSection;
