/**
 * @module scripts/eval/render-report-html
 * `eval-report.html`: one self-contained page (inline CSS and SVG, no script, no network)
 * with the gate verdict, a side-by-side summary of the variants, charts — judge score
 * distributions per agent, check pass rates, cost and latency per episode, a variant
 * comparison — and per-episode details. Each chart carries the data it was drawn from in a
 * `<script type="application/json" class="chart-data">` block, and the whole report is
 * embedded as `#eval-report-data`, so the page is also a machine-readable artefact.
 */
import type { JudgeScore } from '../../predictor/evaluation/create-judge.js';
import type { EpisodeResult, EvalReport, VariantResult, VariantSummary } from './eval-report.js';
import { barChartSvg, escapeHtml, scoreHistogramSvg } from './svg-charts.js';

interface Chart {
  readonly id: string;
  readonly title: string;
  readonly note: string;
  readonly svg: string;
  readonly data: unknown;
}

const COMPARED: readonly (readonly [keyof VariantSummary, string])[] = [
  ['groundedness', 'Groundedness (judge)'],
  ['hallucinationRate', 'Hallucination rate (judge)'],
  ['verdictConsistency', 'Verdict consistency (judge)'],
  ['relevance', 'Relevance (judge)'],
  ['quoteAccuracy', 'Quote accuracy'],
  ['timestampAccuracy', 'Timestamp accuracy'],
  ['sourceValidity', 'Source validity'],
  ['numberSupport', 'Number support'],
  ['expectedFactRecall', 'Expected fact recall'],
];

const SCORE_KINDS: readonly (readonly [JudgeScore['agent'], JudgeScore['kind'], string])[] = [
  ['summarizer', 'statement', 'Summarizer: statement groundedness'],
  ['insights', 'statement', 'Insights: takeaway groundedness'],
  ['fact-checker', 'verdict', 'Fact-checker: verdict consistency'],
  ['pipeline', 'relevance', 'Whole analysis: relevance'],
];

/** JSON safe inside a <script> element (`<` escaped, so `</script>` cannot appear). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c').replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}

function formatValue(value: unknown, digits = 3): string {
  return typeof value === 'number' ? String(Number(value.toFixed(digits))) : '—';
}

function buildCharts(variants: readonly VariantResult[]): Chart[] {
  const charts: Chart[] = [];
  for (const [agent, kind, title] of SCORE_KINDS) {
    const series = variants.map((variant) => ({
      label: variant.name,
      values: variant.episodes
        .flatMap((episode) => episode.judgeScores)
        .filter((score) => score.agent === agent && score.kind === kind)
        .map((score) => score.score),
    }));
    if (series.every((item) => item.values.length === 0)) continue;
    charts.push({
      id: `score-distribution-${agent}`,
      title,
      note: 'Number of judged items per score bin.',
      svg: scoreHistogramSvg(series),
      data: { agent, kind, series },
    });
  }
  const checkKeys = [
    ...new Set(
      variants.flatMap((variant) => variant.episodes.flatMap((episode) => episode.checks.map((check) => `${check.agent} · ${check.name}`))),
    ),
  ].sort();
  if (checkKeys.length > 0) {
    const series = variants.map((variant) => {
      const checks = variant.episodes.flatMap((episode) => episode.checks);
      return {
        label: variant.name,
        values: checkKeys.map((key) => {
          const matching = checks.filter((check) => `${check.agent} · ${check.name}` === key);
          const total = matching.reduce((sum, check) => sum + check.total, 0);
          return total === 0 ? 0 : matching.reduce((sum, check) => sum + check.passed, 0) / total;
        }),
      };
    });
    charts.push({
      id: 'check-pass-rates',
      title: 'Deterministic checks: pass rate',
      note: 'Share of items passing, pooled over the dataset.',
      svg: barChartSvg({ categories: checkKeys, series, max: 1 }),
      data: { categories: checkKeys, series },
    });
  }
  const episodeIds = variants[0]?.episodes.map((episode) => episode.id) ?? [];
  const perEpisode = (pick: (episode: EpisodeResult) => number) =>
    variants.map((variant) => ({
      label: variant.name,
      values: episodeIds.map((id) => {
        const episode = variant.episodes.find((candidate) => candidate.id === id);
        return episode === undefined ? 0 : pick(episode);
      }),
    }));
  const costSeries = perEpisode((episode) => episode.costUsd);
  charts.push({
    id: 'cost-per-episode',
    title: 'Pipeline cost per episode (USD)',
    note: 'From the response parameter cost_usd; the judge is not included.',
    svg: barChartSvg({ categories: episodeIds, series: costSeries, format: (value) => value.toFixed(5) }),
    data: { categories: episodeIds, series: costSeries },
  });
  const latencySeries = perEpisode((episode) => episode.latencyMs);
  charts.push({
    id: 'latency-per-episode',
    title: 'Latency per episode (ms)',
    note: 'Wall time of the predict call, episodes run one at a time.',
    svg: barChartSvg({ categories: episodeIds, series: latencySeries, format: (value) => value.toFixed(0) }),
    data: { categories: episodeIds, series: latencySeries },
  });
  const labels = COMPARED.map(([, label]) => label);
  const comparison = variants.map((variant) => ({ label: variant.name, values: COMPARED.map(([key]) => variant.summary[key]) }));
  const plotted = comparison.map((item) => ({ label: item.label, values: item.values.map((value) => value ?? 0) }));
  charts.push({
    id: 'variant-comparison',
    title: 'Variants side by side',
    note: 'Pooled summary scores (null: not measured, drawn as 0).',
    svg: barChartSvg({ categories: labels, series: plotted, max: 1 }),
    data: { categories: labels, series: comparison },
  });
  return charts;
}

function summaryTable(variants: readonly VariantResult[]): string {
  const rows: [string, (summary: VariantSummary) => unknown][] = [
    ...COMPARED.map(([key, label]): [string, (summary: VariantSummary) => unknown] => [label, (summary) => summary[key]]),
    ['Error rate', (summary) => summary.errorRate],
    ['Cost per episode (USD)', (summary) => summary.costUsdPerEpisode],
    ['Judge cost total (USD)', (summary) => summary.judgeCostUsdTotal],
    ['Latency p50 (ms)', (summary) => summary.latencyMsP50],
    ['Latency p95 (ms)', (summary) => summary.latencyMsP95],
  ];
  const head = `<tr><th>Metric</th>${variants.map((variant) => `<th>${escapeHtml(variant.name)}<br><small>prompt ${escapeHtml(variant.promptVersion)}</small></th>`).join('')}</tr>`;
  const body = rows
    .map(
      ([label, pick]) =>
        `<tr><td>${escapeHtml(label)}</td>${variants.map((variant) => `<td>${formatValue(pick(variant.summary), 6)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table class="summary">${head}${body}</table>`;
}

function episodeDetails(variant: VariantResult): string {
  const rows = variant.episodes.map((episode) => {
    const failures = episode.checks.flatMap((check) =>
      check.failures.map((failure) => `${check.agent} ${check.name} ${failure.item}: ${failure.reason}`),
    );
    const low = episode.judgeScores
      .filter((score) => score.score < 0.5)
      .map((score) => `${score.id} (${formatValue(score.score, 2)}): ${score.rationale}`);
    const missed = episode.expectedFacts.filter((fact) => !fact.isMentioned).map((fact) => `missed fact: ${fact.fact}`);
    const notes = [
      ...(episode.error ? [`error ${episode.error.code}: ${episode.error.message}`] : []),
      ...(episode.judgeError ? [`judge error ${episode.judgeError.code}`] : []),
      ...failures,
      ...low,
      ...missed,
    ];
    const list = notes.length === 0 ? '—' : `<ul>${notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`;
    const models = Object.entries(episode.models)
      .map(([agent, model]) => `${agent}: ${model}`)
      .join(', ');
    return `<tr><td>${escapeHtml(episode.id)}<br><small>${escapeHtml(episode.title)}</small></td><td>${episode.status}</td><td>${formatValue(episode.latencyMs, 0)}</td><td>${formatValue(episode.costUsd, 6)}</td><td>${episode.inputTokens} / ${episode.outputTokens}</td><td><small>${escapeHtml(models)}</small></td><td>${list}</td></tr>`;
  });
  return `<details><summary>Episodes of ${escapeHtml(variant.name)}</summary><table><tr><th>Episode</th><th>Status</th><th>ms</th><th>USD</th><th>Tokens in / out</th><th>Models</th><th>Findings</th></tr>${rows.join('')}</table></details>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}.pass{color:#23733f}.fail{color:#b3261e}figure{margin:2rem 0}figcaption{font-weight:600}small{color:#555}`;

/** Renders the report as one HTML document. */
export function renderReportHtml(report: EvalReport): string {
  const charts = buildCharts(report.variants);
  const verdict = report.gate.isPassed
    ? '<p class="pass"><strong>Gate: PASS</strong> — every threshold met.</p>'
    : `<p class="fail"><strong>Gate: FAIL</strong></p><ul>${report.gate.failures.map((failure) => `<li>${escapeHtml(failure)}</li>`).join('')}</ul>`;
  const judge = report.judge ? `${escapeHtml(report.judge.modelId)} (${escapeHtml(report.judge.promptVersion)})` : 'off';
  const figures = charts.map(
    (chart) =>
      `<figure class="chart" data-chart="${escapeHtml(chart.id)}"><figcaption>${escapeHtml(chart.title)}</figcaption><small>${escapeHtml(chart.note)}</small>${chart.svg}<script type="application/json" class="chart-data">${jsonForScript(chart.data)}</script></figure>`,
  );
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Evaluation report</title>',
    `<style>${STYLE}</style></head><body>`,
    '<h1>Pipeline evaluation report</h1>',
    `<p>${escapeHtml(report.generatedAt)} · dataset ${escapeHtml(report.dataset.directory)} (${report.dataset.episodeCount} episodes) · LLM backend ${escapeHtml(report.llmBackend)} · judge ${judge}</p>`,
    verdict,
    '<h2>Summary</h2>',
    summaryTable(report.variants),
    '<h2>Charts</h2>',
    ...figures,
    '<h2>Episodes</h2>',
    ...report.variants.map(episodeDetails),
    `<script type="application/json" id="eval-report-data">${jsonForScript(report)}</script>`,
    '</body></html>',
  ].join('\n');
}
