/**
 * @module test/observability/support/promql-names
 * The metric and label names a PromQL expression uses, checked against what the predictor
 * exports (exported-metrics.ts), so alert rules, dashboards and the docs' queries cannot
 * name a series /metrics does not serve. A plain reading of PromQL, enough for our queries.
 */
import { TARGET_LABELS, type ExportedMetric } from './exported-metrics.js';

const FUNCTIONS_AND_KEYWORDS = new Set([
  'sum', 'min', 'max', 'avg', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'by', 'without', 'and', 'or',
  'unless', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'rate', 'irate', 'increase', 'histogram_quantile',
  'scalar', 'vector', 'label_values', 'abs', 'clamp_min', 'clamp_max',
]); // prettier-ignore

/** Series Prometheus writes itself for each target. */
const PROMETHEUS_SERIES = new Set(['up']);

/** Every `metric{matchers}` selector of a PromQL expression, with the label names its matchers use. */
export function selectorsIn(expression: string): { metric: string; labels: string[] }[] {
  const withoutStrings = expression.replace(/"[^"]*"/g, '""');
  const selectors: { metric: string; labels: string[] }[] = [];
  for (const match of withoutStrings.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?(\s*\()?/g)) {
    const [, word = '', matchers, call] = match;
    if (call || FUNCTIONS_AND_KEYWORDS.has(word) || /^\d/.test(word)) continue;
    const before = withoutStrings.slice(0, match.index);
    // Label names inside by (...)/without (...) and inside a selector's braces are not metrics.
    if (/(by|without)\s*\([^)]*$/.test(before) || /\{[^}]*$/.test(before) || /\[[^\]]*$/.test(before)) continue;
    const labels = [...(matchers ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)/g)].map((label) => label[1] ?? '');
    selectors.push({ metric: word, labels });
  }
  return selectors;
}

/** Label names in the `by (...)` clauses of an expression. */
export function groupingLabelsIn(expression: string): string[][] {
  return [...expression.matchAll(/\bby\s*\(([^)]*)\)/g)].map((match) => (match[1] ?? '').split(',').map((label) => label.trim()));
}

/**
 * `metric NAME` or `label NAME{LABEL}` for each selector of `expression` the predictor does not
 * export; `alsoKnown` names series that exist without the predictor (recording rules).
 */
export function unknownNames(
  expression: string,
  series: ReadonlyMap<string, ExportedMetric>,
  alsoKnown: ReadonlySet<string> = new Set(),
): string[] {
  return selectorsIn(expression).flatMap(({ metric, labels }) => {
    if (alsoKnown.has(metric) || PROMETHEUS_SERIES.has(metric)) return [];
    const exported = series.get(metric);
    if (exported === undefined) return [`metric ${metric}`];
    const known = new Set([...exported.labelNames, ...TARGET_LABELS]);
    return labels.filter((label) => !known.has(label)).map((label) => `label ${metric}{${label}}`);
  });
}
