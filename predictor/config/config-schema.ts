/**
 * @module config/config-schema
 * The whole configuration: one section per concern, composed here. Add settings in the
 * section files, not here.
 */
import type { ConfigSection } from './config-field.js';
import { geminiConfigSection, type GeminiConfig } from './sections/gemini-config.js';
import { jobsConfigSection, type JobsConfig } from './sections/jobs-config.js';
import { llmConfigSection, type LlmConfig } from './sections/llm-config.js';
import { monitoringConfigSection, type MonitoringConfig } from './sections/monitoring-config.js';
import { observabilityConfigSection, type ObservabilityConfig } from './sections/observability-config.js';
import { pipelineConfigSection, type PipelineConfig } from './sections/pipeline-config.js';
import { securityConfigSection, type SecurityConfig } from './sections/security-config.js';
import { serverConfigSection, type ServerConfig } from './sections/server-config.js';

export interface Config {
  readonly server: ServerConfig;
  readonly gemini: GeminiConfig;
  readonly pipeline: PipelineConfig;
  readonly llm: LlmConfig;
  readonly jobs: JobsConfig;
  readonly security: SecurityConfig;
  readonly monitoring: MonitoringConfig;
  readonly observability: ObservabilityConfig;
}

/** Every section, in the order the README table lists them. */
export const CONFIG_SECTIONS = {
  server: serverConfigSection,
  gemini: geminiConfigSection,
  pipeline: pipelineConfigSection,
  llm: llmConfigSection,
  jobs: jobsConfigSection,
  security: securityConfigSection,
  monitoring: monitoringConfigSection,
  observability: observabilityConfigSection,
} as const satisfies Record<keyof Config, ConfigSection>;

/** The ajv schema of the raw (pre-resolution) configuration object. */
export function buildConfigSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [sectionName, section] of Object.entries(CONFIG_SECTIONS)) {
    const fields: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(section as ConfigSection)) fields[key] = field.schema;
    properties[sectionName] = { type: 'object', properties: fields, additionalProperties: false, default: {} };
  }
  return { type: 'object', properties, additionalProperties: false };
}
