/**
 * @module scripts/bench/product-vs-floor-report
 * Renders the product-vs-floor figures: one markdown table (figure | product | floor |
 * ratio), and the targets with where the product stands against each. Missing figures (a
 * phase not run) show as "–".
 */
import type { LoadFigures } from './load-run.js';

export const LATENCIES_MS = [0, 2000] as const;
export const IN_FLIGHT = [16, 500] as const;

/** What one server measured; fields stay unset when their phase did not run. */
export interface ServerFigures {
  cpuMsPerInference?: number;
  /** The same CPU run with the guardrails' PII and injection detectors off (product only). */
  cpuMsDetectorsOff?: number;
  /** Server CPU per request during the 500-in-flight run at 2 s per model call (GC of the live requests included). */
  cpuMsAt500?: number;
  idleRssMb?: number;
  /** RSS 10 s after ready, once V8's memory reducer has given back what start-up grew. */
  settledIdleRssMb?: number;
  /** Keyed by loadKey(inFlight, latencyMs). */
  readonly loads: Map<string, LoadFigures>;
  peakRssAt500Mb?: number;
  /** (peak RSS at 500 in flight − idle RSS of the same process) / 500. */
  memoryPerInFlightKb?: number;
  spawnToFirstInferenceMs?: number;
}

export function emptyFigures(): ServerFigures {
  return { loads: new Map() };
}

export function loadKey(inFlight: number, latencyMs: number): string {
  return `${inFlight}@${latencyMs}`;
}

function format(value: number | undefined, digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(product: number | undefined, floor: number | undefined): number | undefined {
  return product === undefined || floor === undefined || floor === 0 ? undefined : product / floor;
}

function formatRatio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(2)}x`;
}

type Row = readonly [figure: string, product: string, floor: string, ratio: string];

function numberRow(figure: string, product: number | undefined, floor: number | undefined, digits = 0): Row {
  return [figure, format(product, digits), format(floor, digits), formatRatio(ratio(product, floor))];
}

function failuresOf(load: LoadFigures | undefined): string {
  if (load === undefined) return '–';
  return `${load.failures} (${load.partial})${load.isCutShort ? ', cut short by the time cap' : ''}`;
}

/** The product's own time and its wait on the LLM backend (its Server-Timing); the floor sends none. */
function serverTimingRows(label: string, load: LoadFigures | undefined): Row[] {
  const timing = load?.serverTiming;
  if (timing === undefined) return [];
  const pair = (p50: number, p99: number) => `${format(p50)} / ${format(p99)}`;
  return [
    [`${label}: the product's own time, p50 / p99 ms (Server-Timing)`, pair(timing.ownP50Ms, timing.ownP99Ms), '–', ''],
    [`${label}: its wait on the LLM backend, p50 / p99 ms (Server-Timing)`, pair(timing.llmP50Ms, timing.llmP99Ms), '–', ''],
  ];
}

function loadRows(product: ServerFigures, floor: ServerFigures): Row[] {
  return LATENCIES_MS.flatMap((latencyMs) =>
    IN_FLIGHT.flatMap((inFlight): Row[] => {
      const ours = product.loads.get(loadKey(inFlight, latencyMs));
      const theirs = floor.loads.get(loadKey(inFlight, latencyMs));
      if (ours === undefined && theirs === undefined) return [];
      const label = `${inFlight} in flight, emulator ${latencyMs} ms`;
      return [
        numberRow(`${label}: req/s`, ours?.requestsPerSecond, theirs?.requestsPerSecond, 1),
        numberRow(`${label}: p50 ms`, ours?.p50Ms, theirs?.p50Ms),
        numberRow(`${label}: p99 ms`, ours?.p99Ms, theirs?.p99Ms),
        [`${label}: errors + non-200 (partial 200s)`, failuresOf(ours), failuresOf(theirs), ''],
        ...serverTimingRows(label, ours),
      ];
    }),
  );
}

export function renderFiguresTable({
  product,
  floor,
  spawnRuns,
}: {
  readonly product: ServerFigures;
  readonly floor: ServerFigures;
  readonly spawnRuns: number;
}): string {
  const rows: Row[] = [
    numberRow(
      'CPU ms per uncached inference (server process, 16 in flight, emulator 0 ms)',
      product.cpuMsPerInference,
      floor.cpuMsPerInference,
      2,
    ),
    numberRow('… the same, the guardrail detectors (PII, injection) off', product.cpuMsDetectorsOff, floor.cpuMsPerInference, 2),
    numberRow('CPU ms per request at 500 in flight, emulator 2000 ms (server process)', product.cpuMsAt500, floor.cpuMsAt500, 2),
    ...loadRows(product, floor),
    numberRow(
      `spawn → first inference answered, ms (median of ${spawnRuns})`,
      product.spawnToFirstInferenceMs,
      floor.spawnToFirstInferenceMs,
    ),
    numberRow('idle RSS after start (1.5 s after ready), MB', product.idleRssMb, floor.idleRssMb, 1),
    numberRow('idle RSS settled (10 s after ready), MB', product.settledIdleRssMb, floor.settledIdleRssMb, 1),
    numberRow('peak RSS at 500 in flight (emulator 2 s), MB', product.peakRssAt500Mb, floor.peakRssAt500Mb, 1),
    numberRow('memory per in-flight request, KB ((peak − idle) / 500)', product.memoryPerInFlightKb, floor.memoryPerInFlightKb),
  ];
  return [
    '| figure | product | floor | ratio (product ÷ floor) |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

type Verdict = 'yes' | '**no**' | '–';

function verdict(isMet: boolean | undefined): Verdict {
  return isMet === undefined ? '–' : isMet ? 'yes' : '**no**';
}

function check(value: number | undefined, isMet: (value: number) => boolean): Verdict {
  return verdict(value === undefined || !Number.isFinite(value) ? undefined : isMet(value));
}

export function renderTargetsTable({ product, floor }: { readonly product: ServerFigures; readonly floor: ServerFigures }): string {
  const ours = product.loads.get(loadKey(500, 2000));
  const theirs = floor.loads.get(loadKey(500, 2000));
  const cpuRatio = ratio(product.cpuMsPerInference, floor.cpuMsPerInference);
  const throughputRatio = ratio(ours?.requestsPerSecond, theirs?.requestsPerSecond);
  const spawnRatio = ratio(product.spawnToFirstInferenceMs, floor.spawnToFirstInferenceMs);
  const rows: [string, string, Verdict][] = [
    ['CPU per uncached inference ≤ 1.5x floor', formatRatio(cpuRatio), check(cpuRatio, (value) => value <= 1.5)],
    ['500 in flight at 2 s: throughput ≥ 0.9x floor', formatRatio(throughputRatio), check(throughputRatio, (value) => value >= 0.9)],
    [
      '500 in flight at 2 s: 0 errors (and 0 partial)',
      failuresOf(ours),
      check(ours === undefined ? undefined : ours.failures + ours.partial, (value) => value === 0),
    ],
    [
      // The floor's own p99 in the same run says what this machine allows any server.
      '500 in flight at 2 s: p99 ≤ 1.3 × 2,000 ms',
      `${format(ours?.p99Ms)} ms (the floor ${format(theirs?.p99Ms)} ms)`,
      check(ours?.p99Ms, (value) => value <= 2600),
    ],
    ['spawn → first inference ≤ 1.0x floor', formatRatio(spawnRatio), check(spawnRatio, (value) => value <= 1)],
    ['idle RSS ≤ 80 MB (1.5 s after ready)', `${format(product.idleRssMb, 1)} MB`, check(product.idleRssMb, (value) => value <= 80)],
    [
      'idle RSS ≤ 80 MB (settled, 10 s after ready)',
      `${format(product.settledIdleRssMb, 1)} MB`,
      check(product.settledIdleRssMb, (value) => value <= 80),
    ],
  ];
  return ['| target | product | met? |', '| --- | ---: | --- |', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}
