import { expect } from 'chai';
import { Registry } from 'prom-client';
import { createSecurityMetrics } from '../../predictor/observability/security-metrics.js';

describe('createSecurityMetrics', () => {
  it('counts auth, limit and guardrail decisions on the given registry with bounded labels', async () => {
    const registry = new Registry();
    const metrics = createSecurityMetrics({ registry });
    metrics.authDecision('infer', 'forbidden');
    metrics.authDecision('infer', 'forbidden');
    metrics.rateLimitDecision('budget', 'limited');
    metrics.guardrailDecision('insights', 'quotes', 'flagged');
    const text = await registry.metrics();
    expect(text).to.include('auth_decisions_total{outcome="forbidden",action="infer"} 2');
    expect(text).to.include('rate_limit_decisions_total{limit="budget",outcome="limited"} 1');
    expect(text).to.include('guardrail_decisions_total{agent="insights",guardrail="quotes",decision="flagged"} 1');
  });

  it('keeps registries isolated (no global registry)', async () => {
    const first = new Registry();
    createSecurityMetrics({ registry: first });
    const second = new Registry();
    createSecurityMetrics({ registry: second }).authDecision('authenticate', 'authenticated');
    expect(await first.metrics()).not.to.include('outcome="authenticated"');
  });
});
