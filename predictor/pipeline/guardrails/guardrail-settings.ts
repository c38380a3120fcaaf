/**
 * @module pipeline/guardrails/guardrail-settings
 * Per-agent guardrail modes: built-in defaults, overridden by `GUARDRAILS["*"]`, then by
 * `GUARDRAILS[agent]`. Defaults keep detection on everywhere, redact PII before it leaves the
 * process and block only what is unambiguous (output that breaks its schema); heuristic
 * detectors log, because they have false positives (docs/security.md).
 */
import type { AgentGuardrailSettings, FailMode } from '../../config/sections/security-config.js';

export const DEFAULT_GUARDRAIL_SETTINGS: Omit<AgentGuardrailSettings, 'failMode'> = Object.freeze({
  injection: 'log',
  pii: 'redact',
  outputSchema: 'block',
  quotes: 'log',
  piiLeak: 'log',
  echoedInjection: 'log',
});

/** The effective settings of `agent`. */
export function resolveAgentGuardrails(
  overrides: Readonly<Record<string, Partial<AgentGuardrailSettings>>>,
  failMode: FailMode,
  agent: string,
): AgentGuardrailSettings {
  return { ...DEFAULT_GUARDRAIL_SETTINGS, failMode, ...overrides['*'], ...overrides[agent] };
}
