/**
 * @module scripts/eval/svg-charts
 * Two small chart renderers for the HTML report — grouped bars and 0-1 score histograms —
 * as inline SVG strings: no script, no library, no network, so the report opens anywhere
 * and can be archived as a CI artefact. Every text is escaped.
 */

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly number[];
}

export interface BarChartOptions {
  /** One group of bars per category (an episode, a metric). */
  readonly categories: readonly string[];
  /** One bar per series in each group (a variant). */
  readonly series: readonly ChartSeries[];
  /** Formats a value for axis and bar labels. */
  readonly format?: (value: number) => string;
  /** Axis maximum; the largest value by default. */
  readonly max?: number;
}

export const SERIES_COLOURS = ['#2f6fb0', '#d9822b', '#3a9d5d', '#a8479b'] as const;

const WIDTH = 780;
const PLOT_TOP = 16;
// Room on the left for category labels rotated by -30° (28 characters at most).
const PLOT_LEFT = 140;
const PLOT_HEIGHT = 200;
const LABEL_ROOM = 100;

/** Escapes text for HTML and SVG content and attributes. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

function colour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length]!;
}

function legend(series: readonly ChartSeries[], y: number): string {
  return series
    .map((item, index) => {
      const x = PLOT_LEFT + index * 170;
      return `<rect x="${x}" y="${y}" width="12" height="12" fill="${colour(index)}"/><text x="${x + 18}" y="${y + 11}" font-size="12">${escapeHtml(item.label)}</text>`;
    })
    .join('');
}

function shorten(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

/** Grouped vertical bars with a y axis from 0 to `max`, category labels below. */
export function barChartSvg({ categories, series, format = (value) => value.toFixed(2), max }: BarChartOptions): string {
  const top = max ?? Math.max(1e-9, ...series.flatMap((item) => item.values));
  const plotWidth = WIDTH - PLOT_LEFT - 16;
  const groupWidth = plotWidth / Math.max(1, categories.length);
  const barWidth = Math.max(2, (groupWidth * 0.8) / Math.max(1, series.length));
  const yOf = (value: number) => PLOT_TOP + PLOT_HEIGHT - (Math.min(value, top) / top) * PLOT_HEIGHT;
  const parts: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const y = yOf(top * tick);
    parts.push(`<line x1="${PLOT_LEFT}" x2="${WIDTH - 16}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${PLOT_LEFT - 6}" y="${y + 4}" font-size="11" text-anchor="end">${escapeHtml(format(top * tick))}</text>`);
  }
  categories.forEach((category, categoryIndex) => {
    const groupX = PLOT_LEFT + categoryIndex * groupWidth + groupWidth * 0.1;
    series.forEach((item, seriesIndex) => {
      const value = item.values[categoryIndex] ?? 0;
      const x = groupX + seriesIndex * barWidth;
      const y = yOf(value);
      const title = `${item.label} · ${category}: ${format(value)}`;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${(PLOT_TOP + PLOT_HEIGHT - y).toFixed(1)}" fill="${colour(seriesIndex)}"><title>${escapeHtml(title)}</title></rect>`,
      );
    });
    const labelX = groupX + (barWidth * series.length) / 2;
    const labelY = PLOT_TOP + PLOT_HEIGHT + 12;
    parts.push(
      `<text x="${labelX.toFixed(1)}" y="${labelY}" font-size="11" text-anchor="end" transform="rotate(-30 ${labelX.toFixed(1)} ${labelY})">${escapeHtml(shorten(category, 28))}</text>`,
    );
  });
  const height = PLOT_TOP + PLOT_HEIGHT + LABEL_ROOM + 24;
  parts.push(legend(series, PLOT_TOP + PLOT_HEIGHT + LABEL_ROOM));
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img">${parts.join('')}</svg>`;
}

/** Counts of 0-1 scores in `binCount` equal bins (a score of exactly 1 falls in the last). */
export function binScores(values: readonly number[], binCount: number): number[] {
  const counts = new Array<number>(binCount).fill(0);
  for (const value of values) counts[Math.min(binCount - 1, Math.max(0, Math.floor(value * binCount)))]!++;
  return counts;
}

/** Histogram of 0-1 scores, one bar per series in each bin. */
export function scoreHistogramSvg(series: readonly ChartSeries[], binCount = 10): string {
  const categories = Array.from(
    { length: binCount },
    (_, index) => `${(index / binCount).toFixed(1)}–${((index + 1) / binCount).toFixed(1)}`,
  );
  const binned = series.map((item) => ({ label: item.label, values: binScores(item.values, binCount) }));
  const max = Math.max(1, ...binned.flatMap((item) => item.values));
  return barChartSvg({ categories, series: binned, format: (value) => String(Math.round(value)), max });
}
