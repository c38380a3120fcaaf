/**
 * @module observability/security-metrics
 * Counters of security decisions: authentication/authorisation, limits and guardrails.
 * Labels are bounded enums (and agent names from config); principal ids and user text
 * never become labels.
 */
import { Counter, type Registry } from 'prom-client';

/** `authenticate` outcomes are authenticated/unauthenticated; authorisation ones allowed/forbidden. */
export type AuthOutcome = 'authenticated' | 'unauthenticated' | 'allowed' | 'forbidden';
export type AuthStep = 'authenticate' | 'infer' | 'metadata' | 'jobs' | 'feedback' | 'admin';
export type LimitName = 'requests' | 'tokens' | 'budget';
/** `store_error`: the shared store failed and the in-memory insurance limiter decided. */
export type LimitOutcome = 'allowed' | 'limited' | 'store_error';
export type GuardrailName = 'injection' | 'pii' | 'output_schema' | 'quotes' | 'pii_leak' | 'echoed_injection';
/** `error_open`/`error_closed`: the guardrail failed and the fail mode decided. */
export type GuardrailVerdict = 'pass' | 'flagged' | 'redacted' | 'blocked' | 'error_open' | 'error_closed';

/** What security code records; implemented with prom-client here and by fakes in tests. */
export interface SecurityMetrics {
  authDecision(step: AuthStep, outcome: AuthOutcome): void;
  rateLimitDecision(limit: LimitName, outcome: LimitOutcome): void;
  guardrailDecision(agent: string, guardrail: GuardrailName, verdict: GuardrailVerdict): void;
}

/**
 * Registers the security counters on `registry` (never the global one).
 * @example const metrics = createSecurityMetrics({ registry: new Registry() });
 */
export function createSecurityMetrics({ registry }: { readonly registry: Registry }): SecurityMetrics {
  const auth = new Counter({
    name: 'auth_decisions_total',
    help: 'Authentication and authorisation decisions by outcome and action.',
    labelNames: ['outcome', 'action'] as const,
    registers: [registry],
  });
  const limits = new Counter({
    name: 'rate_limit_decisions_total',
    help: 'Request, token and budget limit decisions.',
    labelNames: ['limit', 'outcome'] as const,
    registers: [registry],
  });
  const guardrails = new Counter({
    name: 'guardrail_decisions_total',
    help: 'Guardrail decisions by agent, guardrail and decision.',
    labelNames: ['agent', 'guardrail', 'decision'] as const,
    registers: [registry],
  });
  return {
    authDecision: (step, outcome) => auth.inc({ outcome, action: step }),
    rateLimitDecision: (limit, outcome) => limits.inc({ limit, outcome }),
    guardrailDecision: (agent, guardrail, verdict) => guardrails.inc({ agent, guardrail, decision: verdict }),
  };
}

/** Metrics that record nothing (unit tests that do not assert on metrics). */
export function createNoopSecurityMetrics(): SecurityMetrics {
  return { authDecision() {}, rateLimitDecision() {}, guardrailDecision() {} };
}
