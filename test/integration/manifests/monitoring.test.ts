import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { describeWithKubectl, manifestsRoot, type RenderedObject, renderKustomize } from './render-kustomize.js';
import { objectsOfKind } from './inference-service-view.js';

// The metrics the predictor exports (predictor/observability). A histogram also exposes
// _bucket, _sum and _count series; recording rules define podcast_pipeline:* series.
const EXPORTED_METRICS = [
  'predictor_requests_total',
  'predictor_request_duration_seconds',
  'gen_ai_client_token_usage',
  'gen_ai_client_operation_duration_seconds',
  'llm_cost_usd_total',
  'llm_circuit_breaker_state',
  'guardrail_decisions_total',
  'up',
];

interface Rule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
}

/** Metric-like names in a PromQL expression, minus functions, keywords and label names. */
function metricNamesIn(expression: string): string[] {
  const withoutMatchers = expression.replace(/\{[^}]*\}/g, '').replace(/"[^"]*"/g, '');
  // Identifiers not followed by "(" (functions) and not inside "[5m]" ranges.
  const words = [...withoutMatchers.replace(/\[[^\]]*\]/g, '').matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)].filter((match) => !match[2]).map((match) => match[1] ?? '');
  const grouping = new Set(withoutMatchers.match(/(?:by|without)\s*\(([^)]*)\)/g)?.flatMap((group) => group.replace(/^(by|without)\s*\(|\)$/g, '').split(',').map((label) => label.trim())) ?? []);
  const keywords = new Set(['sum', 'min', 'max', 'avg', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'by', 'without', 'and', 'or', 'unless', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'le']);
  return words.filter((word) => !keywords.has(word) && !grouping.has(word));
}

function isKnownMetric(name: string, recorded: readonly string[]): boolean {
  if (recorded.includes(name)) return true;
  return EXPORTED_METRICS.some((metric) => name === metric || ['_bucket', '_sum', '_count'].some((suffix) => name === `${metric}${suffix}`));
}

describeWithKubectl('monitoring manifests', () => {
  const objects: RenderedObject[] = renderKustomize('monitoring');
  const [rule] = objectsOfKind(objects, 'PrometheusRule') as (RenderedObject & { spec: { groups: { rules: Rule[] }[] } })[];
  const rules = rule?.spec.groups.flatMap((group) => group.rules) ?? [];
  const recorded = rules.flatMap((entry) => (entry.record ? [entry.record] : []));

  it('alerts on error rate, p99 latency, cost burn, an open breaker and guardrail blocks, each with a severity', () => {
    const alerts = rules.filter((entry) => entry.alert);

    expect(alerts.map((entry) => entry.alert)).to.include.members([
      'PodcastPipelineHighErrorRate',
      'PodcastPipelineHighLatencyP99',
      'PodcastPipelineCostBurn',
      'PodcastPipelineCircuitBreakerOpen',
      'PodcastPipelineGuardrailBlocks',
    ]);
    for (const alert of alerts) expect(alert.labels?.severity, alert.alert).to.be.oneOf(['warning', 'critical']);
    expect(rules.find((entry) => entry.alert === 'PodcastPipelineCircuitBreakerOpen')?.expr).to.match(/llm_circuit_breaker_state\)?\s*==\s*2/);
  });

  it('uses only metrics the predictor exports, in rules and dashboard alike', () => {
    const dashboard = JSON.parse(readFileSync(`${manifestsRoot}monitoring/dashboards/podcast-pipeline.json`, 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const expressions = [...rules.map((entry) => entry.expr), ...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr))];

    const unknown = expressions.flatMap(metricNamesIn).filter((name) => !isKnownMetric(name, recorded));

    expect(unknown).to.deep.equal([]);
  });

  it('scrapes /metrics on the port name of both deployment modes', () => {
    const [monitor] = objectsOfKind(objects, 'PodMonitor') as (RenderedObject & { spec: { selector: { matchLabels: object }; podMetricsEndpoints: { port: string; path: string }[] } })[];

    expect(monitor?.spec.selector.matchLabels).to.deep.equal({ 'serving.kserve.io/inferenceservice': 'podcast-pipeline' });
    expect(monitor?.spec.podMetricsEndpoints.map((endpoint) => `${endpoint.port} ${endpoint.path}`)).to.deep.equal(['user-port /metrics', 'http1 /metrics']);
  });

  it('ships the Grafana dashboard as a ConfigMap the dashboard sidecar picks up', () => {
    const [configMap] = objectsOfKind(objects, 'ConfigMap');
    const dashboard = JSON.parse((configMap?.data as Record<string, string>)['podcast-pipeline.json'] ?? '{}') as { uid?: string; panels?: unknown[] };

    expect(configMap?.metadata.labels?.grafana_dashboard).to.equal('1');
    expect(dashboard.uid).to.equal('podcast-pipeline');
    expect(dashboard.panels?.length).to.be.greaterThan(5);
  });
});
