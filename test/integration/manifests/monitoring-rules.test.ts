import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { dump, load } from 'js-yaml';
import { exportedSeries, type ExportedMetric } from '../../observability/support/exported-metrics.js';
import { groupingLabelsIn, selectorsIn, unknownNames as unknownNamesOf } from '../../observability/support/promql-names.js';
import { findProgram, isCiRun } from '../support/find-program.js';
import { manifestsRoot } from './render-kustomize.js';

interface Rule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

interface RuleGroup {
  readonly name: string;
  readonly rules: readonly Rule[];
}

const repositoryRoot = join(manifestsRoot, '..');
const ruleFile = load(readFileSync(join(manifestsRoot, 'monitoring/prometheusrule.yaml'), 'utf8')) as { spec: { groups: RuleGroup[] } };
const groups = ruleFile.spec.groups;
const rules = groups.flatMap((group) => group.rules);
const recorded = new Set(rules.flatMap((rule) => (rule.record ? [rule.record] : [])));
const dashboard = JSON.parse(readFileSync(join(manifestsRoot, 'monitoring/dashboards/podcast-pipeline.json'), 'utf8')) as {
  panels: { title: string; targets: { expr: string }[] }[];
  templating: { list: { query?: { query?: string } }[] };
};

/** Names the predictor does not export; the rule file's recording rules count as known. */
function unknownNames(expression: string, series: ReadonlyMap<string, ExportedMetric>): string[] {
  return unknownNamesOf(expression, series, recorded);
}

describe('monitoring rules and dashboard', () => {
  let series: ReadonlyMap<string, ExportedMetric>;
  before(async () => {
    series = await exportedSeries();
  });

  it('uses only metrics and labels the predictor exports, in every rule and every dashboard panel', () => {
    const expressions = [
      ...rules.map((rule) => rule.expr),
      ...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)),
      ...dashboard.templating.list.flatMap((variable) => (variable.query?.query ? [variable.query.query.replace(/^label_values\((.*),\s*\w+\)$/, '$1')] : [])),
    ];

    const unknown = expressions.flatMap((expression) => unknownNames(expression, series).map((name) => `${name} in: ${expression}`));

    expect(unknown).to.deep.equal([]);
  });

  it('finds a metric or label the predictor does not export (the check can fail)', () => {
    expect(unknownNames('sum by (namespace) (rate(predictor_requests_total[5m]))', series)).to.deep.equal(['metric predictor_requests_total']);
    expect(unknownNames('rate(llm_retries_total{model="x"}[5m])', series)).to.deep.equal(['label llm_retries_total{model}']);
  });

  it('aggregates every rule by namespace, so series of two namespaces never mix', () => {
    for (const rule of rules) {
      const expression = rule.record ? rule.expr : rule.expr.replace(/podcast_pipeline:[a-z0-9_:]+/g, '');
      const aggregations = expression.match(/\b(sum|max|min|avg|count|topk)\s*(by\s*\([^)]*\)\s*)?\(/g) ?? [];
      for (const aggregation of aggregations) expect(aggregation, `${rule.record ?? rule.alert}: ${aggregation}`).to.match(/by\s*\(/);
      for (const labels of groupingLabelsIn(expression)) expect(labels, rule.record ?? rule.alert).to.include('namespace');
    }
  });

  it('gives every alert a severity and a runbook_url whose section exists in docs/runbook.md', () => {
    const runbook = readFileSync(join(repositoryRoot, 'docs/runbook.md'), 'utf8');
    const anchors = new Set([...runbook.matchAll(/^#{2,3} (.+)$/gm)].map((heading) => githubAnchorOf(heading[1] ?? '')));
    const alerts = rules.filter((rule) => rule.alert);

    expect(alerts.map((alert) => alert.alert)).to.include.members([
      'PodcastPipelineHighErrorRate',
      'PodcastPipelineHighLatencyP99',
      'PodcastPipelineCostBurn',
      'PodcastPipelineCircuitBreakerOpen',
      'PodcastPipelineGuardrailBlocks',
      'PodcastPipelinePartialEpisodes',
    ]);
    for (const alert of alerts) {
      expect(alert.labels?.severity, alert.alert).to.be.oneOf(['critical', 'warning', 'info']);
      const url = alert.annotations?.runbook_url ?? '';
      expect(url, alert.alert).to.match(/\/blob\/main\/docs\/runbook\.md#[a-z0-9-]+$/);
      expect([...anchors], alert.alert).to.include(url.split('#')[1]);
    }
  });

  it('gives the dashboard cache hit rate, retries, fallbacks, partial episodes, breaker state, guardrail decisions and cost per principal', () => {
    const panelOf = (metric: string): string | undefined =>
      dashboard.panels.find((panel) => panel.targets.some((target) => selectorsIn(target.expr).some((selector) => selector.metric === metric)))?.title;

    expect(panelOf('llm_response_cache_total')).to.match(/cache hit rate/i);
    expect(panelOf('llm_retries_total')).to.match(/retries/i);
    expect(panelOf('llm_fallbacks_total')).to.match(/fallbacks/i);
    expect(panelOf('pipeline_episodes_total')).to.match(/partial/i);
    expect(panelOf('llm_circuit_breaker_state')).to.match(/breaker/i);
    expect(panelOf('guardrail_decisions_total')).to.match(/guardrail/i);
    expect(panelOf('principal_cost_usd_total')).to.match(/principal/i);
  });

  const promtool = findProgram('promtool');
  (promtool || isCiRun() ? it : it.skip)('passes `promtool check rules` (promtool from the Debian prometheus package)', () => {
    const directory = mkdtempSync(join(tmpdir(), 'rules-'));
    try {
      const file = join(directory, 'rules.yaml');
      writeFileSync(file, dump({ groups }));
      const output = execFileSync(promtool ?? 'promtool', ['check', 'rules', file], { encoding: 'utf8' });
      expect(output).to.contain(`SUCCESS: ${rules.length} rules found`);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function githubAnchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}
