/**
 * @module config/sections/security-config
 * Settings of the security layer (filled in by the issue that builds it).
 */
import type { ConfigSection } from '../config-field.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SecurityConfig {}

export const securityConfigSection = {} as const satisfies ConfigSection;

/**
 * Cross-field checks and derived values, after schema validation and defaults. Push
 * human-readable problems (naming env vars) to `problems`; return the typed section.
 */
export function resolveSecurityConfig(raw: Record<string, unknown>, _problems: string[]): SecurityConfig {
  return raw as SecurityConfig;
}
