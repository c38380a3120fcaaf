/**
 * @module config/sections/llm-config
 * Settings of the llm layer (filled in by the issue that builds it).
 */
import type { ConfigSection } from '../config-field.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LlmConfig {}

export const llmConfigSection = {} as const satisfies ConfigSection;

/**
 * Cross-field checks and derived values, after schema validation and defaults. Push
 * human-readable problems (naming env vars) to `problems`; return the typed section.
 */
export function resolveLlmConfig(raw: Record<string, unknown>, _problems: string[]): LlmConfig {
  return raw as LlmConfig;
}
