/**
 * @module config/sections/monitoring-config
 * Settings of the monitoring layer (filled in by the issue that builds it).
 */
import type { ConfigSection } from '../config-field.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MonitoringConfig {}

export const monitoringConfigSection = {} as const satisfies ConfigSection;

/**
 * Cross-field checks and derived values, after schema validation and defaults. Push
 * human-readable problems (naming env vars) to `problems`; return the typed section.
 */
export function resolveMonitoringConfig(raw: Record<string, unknown>, _problems: string[]): MonitoringConfig {
  return raw as MonitoringConfig;
}
