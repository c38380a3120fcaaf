/**
 * @module scripts/deploy/canary-gate
 * The optional gate between canary and promote: asks the cluster's Prometheus for the canary
 * revision's error rate (5xx share) and p99 latency over a window, from the predictor's own
 * metrics (http_server_request_duration_seconds: its count by status and its buckets), and fails when either
 * is past its threshold or when there is no data (no evidence is not a pass). The previous
 * revision's figures are printed beside them for comparison. Series are matched by the
 * `namespace` and `pod` labels (Knative names a revision's pods `<revision>-deployment-...`).
 */
import { DeployError } from './deploy-errors.js';
import { formatDuration } from './parse-duration.js';

export interface CanaryGateOptions {
  readonly prometheusUrl: string;
  readonly namespace: string;
  readonly canaryRevision: string;
  /** The revision the canary is compared with (printed only). */
  readonly stableRevision?: string;
  readonly windowMs: number;
  /** Highest acceptable share of 5xx responses, 0..1. */
  readonly maxErrorRate: number;
  readonly maxP99Ms: number;
  readonly fetch?: typeof fetch;
}

export interface RevisionFigures {
  readonly errorRate?: number;
  readonly p99Ms?: number;
}

export interface CanaryGateResult {
  readonly isPassed: boolean;
  readonly canary: RevisionFigures;
  readonly stable?: RevisionFigures;
  /** Why it failed, one reason each. */
  readonly failures: readonly string[];
  /** The comparison, for printing. */
  readonly summary: string;
}

function selector(namespace: string, revision: string, extra = ''): string {
  return `namespace="${namespace}",pod=~"${revision}-deployment-.*"${extra}`;
}

/** PromQL for a revision's 5xx share and p99 (seconds) over the window. */
export function gateQueries(namespace: string, revision: string, windowMs: number): { errorRate: string; p99: string } {
  const window = `${Math.max(1, Math.round(windowMs / 1000))}s`;
  const all = selector(namespace, revision);
  return {
    // `or vector(0)`: with no 5xx series at all the division would otherwise be empty.
    errorRate: `(sum(rate(http_server_request_duration_seconds_count{${selector(namespace, revision, ',http_response_status_code=~"5.."')}}[${window}])) or vector(0)) / sum(rate(http_server_request_duration_seconds_count{${all}}[${window}]))`,
    p99: `histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{${all}}[${window}])))`,
  };
}

async function queryScalar(prometheusUrl: string, query: string, fetchImpl: typeof fetch): Promise<number | undefined> {
  const url = `${prometheusUrl.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(query)}`;
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    throw new DeployError(
      `cannot query Prometheus at ${prometheusUrl}: ${code === 'ECONNREFUSED' ? 'connection refused' : (code ?? (error as Error).message)}`,
      {
        cause: error,
      },
    );
  }
  const body = (await response.json().catch(() => undefined)) as
    { status?: string; error?: string; data?: { result?: { value?: [number, string] }[] } } | undefined;
  if (!response.ok || body?.status !== 'success') {
    throw new DeployError(`Prometheus at ${prometheusUrl} answered ${response.status}: ${body?.error ?? 'not a query result'}`);
  }
  const value = Number(body.data?.result?.[0]?.value?.[1]);
  return Number.isFinite(value) ? value : undefined;
}

async function figuresOf(options: CanaryGateOptions, revision: string, fetchImpl: typeof fetch): Promise<RevisionFigures> {
  const queries = gateQueries(options.namespace, revision, options.windowMs);
  const [errorRate, p99Seconds] = await Promise.all([
    queryScalar(options.prometheusUrl, queries.errorRate, fetchImpl),
    queryScalar(options.prometheusUrl, queries.p99, fetchImpl),
  ]);
  return { ...(errorRate === undefined ? {} : { errorRate }), ...(p99Seconds === undefined ? {} : { p99Ms: p99Seconds * 1000 }) };
}

const percent = (rate: number | undefined): string => (rate === undefined ? 'no data' : `${(rate * 100).toFixed(2)}%`);
const millis = (ms: number | undefined): string => (ms === undefined ? 'no data' : `${Math.round(ms)} ms`);

/** Queries both revisions and judges the canary against the thresholds. */
export async function evaluateCanaryGate(options: CanaryGateOptions): Promise<CanaryGateResult> {
  const fetchImpl = options.fetch ?? fetch;
  const canary = await figuresOf(options, options.canaryRevision, fetchImpl);
  const stable = options.stableRevision ? await figuresOf(options, options.stableRevision, fetchImpl) : undefined;
  const window = formatDuration(options.windowMs);
  const failures: string[] = [];
  if (canary.errorRate === undefined)
    failures.push(`no requests to ${options.canaryRevision} in the last ${window}: send traffic, or widen --window`);
  else if (canary.errorRate > options.maxErrorRate)
    failures.push(`error rate ${percent(canary.errorRate)} > ${percent(options.maxErrorRate)}`);
  if (canary.errorRate !== undefined && canary.p99Ms === undefined) failures.push(`no latency data for ${options.canaryRevision}`);
  else if (canary.p99Ms !== undefined && canary.p99Ms > options.maxP99Ms)
    failures.push(`p99 ${millis(canary.p99Ms)} > ${millis(options.maxP99Ms)}`);
  const summary =
    `gate over ${window}: canary ${options.canaryRevision} error rate ${percent(canary.errorRate)}, p99 ${millis(canary.p99Ms)}` +
    (options.stableRevision && stable
      ? `; previous ${options.stableRevision} error rate ${percent(stable.errorRate)}, p99 ${millis(stable.p99Ms)}`
      : '') +
    `; thresholds ${percent(options.maxErrorRate)}, ${millis(options.maxP99Ms)}`;
  return { isPassed: failures.length === 0, canary, ...(stable ? { stable } : {}), failures, summary };
}
