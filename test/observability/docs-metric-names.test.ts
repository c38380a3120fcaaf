import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { exportedSeries, TARGET_LABELS, type ExportedMetric } from './support/exported-metrics.js';
import { groupingLabelsIn, selectorsIn, unknownNames } from './support/promql-names.js';

const docOf = (name: string): string => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

/** The backticked words of a Markdown table cell that look like metric or label names. */
const namesIn = (cell: string): string[] => [...cell.matchAll(/`([a-z_][a-z0-9_]*)`/g)].map((match) => match[1] ?? '');

/** The rows of the "## Metrics" table of docs/observability.md: metric names and label names as written. */
function metricsTableRows(): { metrics: string[]; labels: string[] }[] {
  const section =
    docOf('observability.md')
      .split(/^## Metrics$/m)[1]
      ?.split(/^#{2,3} /m)[0] ?? '';
  const rows: { metrics: string[]; labels: string[] }[] = [];
  for (const line of section.split('\n').filter((text) => text.startsWith('| `'))) {
    const [, metricCell = '', , labelCell = ''] = line.split('|').map((cell) => cell.trim());
    // "as above, plus `x`": the previous row's labels and x.
    const inherited = labelCell.startsWith('as above') ? (rows.at(-1)?.labels ?? []) : [];
    // A cell pointing at a source file lists no labels of its own.
    rows.push({ metrics: namesIn(metricCell), labels: labelCell.startsWith('see ') ? [] : [...inherited, ...namesIn(labelCell)] });
  }
  return rows;
}

/** The inline PromQL of docs/runbook.md: code spans that aggregate or select with rate(). */
function runbookQueries(): string[] {
  return [...docOf('runbook.md').matchAll(/`([^`]+)`/g)]
    .map((match) => match[1] ?? '')
    .filter((code) => /\b(rate|sum|topk)\s*[(b]/.test(code));
}

describe('metric names in the docs are the ones /metrics serves', () => {
  let series: ReadonlyMap<string, ExportedMetric>;
  before(async () => {
    series = await exportedSeries();
  });

  it('docs/observability.md lists exported metrics with exactly their labels', () => {
    const rows = metricsTableRows();
    expect(rows.length).to.be.greaterThan(10);
    const wrong = rows.flatMap(({ metrics, labels }) =>
      metrics.flatMap((metric) => {
        const exported = series.get(metric);
        if (exported === undefined) return [`${metric}: not exported`];
        if (labels.length === 0) return [];
        return [...exported.labelNames].sort().join(',') === [...labels].sort().join(',')
          ? []
          : [`${metric}: documented {${labels.join(',')}}, exported {${exported.labelNames.join(',')}}`];
      }),
    );
    expect(wrong).to.deep.equal([]);
  });

  it('docs/runbook.md queries only exported metrics, and groups by their labels', () => {
    const queries = runbookQueries();
    expect(queries.length).to.be.greaterThan(3);
    const wrong = queries.flatMap((query) => {
      const known = new Set([...TARGET_LABELS, ...selectorsIn(query).flatMap(({ metric }) => series.get(metric)?.labelNames ?? [])]);
      const grouping = groupingLabelsIn(query)
        .flat()
        .filter((label) => !known.has(label))
        .map((label) => `by label ${label}`);
      return [...unknownNames(query, series), ...grouping].map((problem) => `${problem} in: ${query}`);
    });
    expect(wrong).to.deep.equal([]);
  });
});
