/**
 * @module config/config-schema
 * The whole configuration: one section per concern, composed here. Add settings in the
 * section files, not here.
 */
import type { ConfigSection, SectionValues } from './config-field.js';
import { geminiConfigSection, type GeminiConfig } from './sections/gemini-config.js';
import { jobsConfigSection, type JobsConfig } from './sections/jobs-config.js';
import { llmConfigSection, type LlmConfig } from './sections/llm-config.js';
import { monitoringConfigSection, type MonitoringConfig } from './sections/monitoring-config.js';
import { observabilityConfigSection, type ObservabilityConfig } from './sections/observability-config.js';
import { pipelineConfigSection, type PipelineConfig } from './sections/pipeline-config.js';
import { securityConfigSection, type SecurityConfig } from './sections/security-config.js';
import { serverConfigSection, type ServerConfig } from './sections/server-config.js';

/** The loaded configuration: each section validated, then resolved (derived values, cross-field checks). */
export type Config = {
  readonly server: ServerConfig;
  readonly gemini: GeminiConfig;
  readonly pipeline: PipelineConfig;
  readonly llm: LlmConfig;
  readonly jobs: JobsConfig;
  readonly security: SecurityConfig;
  readonly monitoring: MonitoringConfig;
  readonly observability: ObservabilityConfig;
};

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

/** The sections by name, as plain declarations (for code that walks every setting). */
export const CONFIG_SECTIONS_BY_NAME: Readonly<Record<string, ConfigSection>> = CONFIG_SECTIONS;

/** Every section as ajv leaves it (defaults applied), before its resolve step. */
export type ConfigValues = { readonly [Name in keyof typeof CONFIG_SECTIONS]: SectionValues<(typeof CONFIG_SECTIONS)[Name]> };

/** The ajv schema of the raw (pre-resolution) configuration object; a value that passes it is a `ConfigValues`. */
export function buildConfigSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [sectionName, section] of Object.entries(CONFIG_SECTIONS_BY_NAME)) {
    const fields: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(section)) fields[key] = field.schema;
    properties[sectionName] = { type: 'object', properties: fields, additionalProperties: false, default: {} };
  }
  return { type: 'object', properties, additionalProperties: false };
}
