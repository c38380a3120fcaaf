import { expect } from 'chai';
import { evaluateCanaryGate, gateQueries } from '../../scripts/deploy/canary-gate.js';
import { DeployError } from '../../scripts/deploy/deploy-errors.js';
import { exportedSeries, TARGET_LABELS } from '../observability/support/exported-metrics.js';

/** A fetch that answers Prometheus queries from a table: query prefix → value (undefined: empty vector). */
function prometheus(values: (query: string) => string | undefined): typeof fetch {
  return async (input: string | URL | Request) => {
    const query = new URL(String(input)).searchParams.get('query') ?? '';
    const value = values(query);
    const result = value === undefined ? [] : [{ metric: {}, value: [0, value] }];
    return new Response(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }), { status: 200 });
  };
}

const base = {
  prometheusUrl: 'http://prometheus:9090',
  namespace: 'ns',
  canaryRevision: 'svc-predictor-00002',
  windowMs: 600_000,
  maxErrorRate: 0.01,
  maxP99Ms: 30_000,
};

describe('canary gate', () => {
  it('queries the revision by namespace and pod, with 5xx as errors and an empty 5xx series as zero', () => {
    const { errorRate, p99 } = gateQueries('ns', 'svc-predictor-00002', 600_000);
    expect(errorRate).to.equal(
      '(sum(rate(http_server_request_duration_seconds_count{namespace="ns",pod=~"svc-predictor-00002-deployment-.*",http_response_status_code=~"5.."}[600s])) or vector(0)) / sum(rate(http_server_request_duration_seconds_count{namespace="ns",pod=~"svc-predictor-00002-deployment-.*"}[600s]))',
    );
    expect(p99).to.equal(
      'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{namespace="ns",pod=~"svc-predictor-00002-deployment-.*"}[600s])))',
    );
  });

  it('asks only for series and labels the predictor exports (a rename of its metrics would fail here)', async () => {
    const series = await exportedSeries();
    const { errorRate, p99 } = gateQueries('ns', 'svc-predictor-00002', 600_000);
    const unknown = [...`${errorRate} ${p99}`.matchAll(/\b([a-z_]+)\{([^}]*)\}/g)].flatMap(([, metric = '', labels = '']) => {
      const exported = series.get(metric);
      if (exported === undefined) return [`metric ${metric}`];
      const known = new Set([...exported.labelNames, ...TARGET_LABELS]);
      return [...labels.matchAll(/(\w+)=~?"/g)].map(([, label = '']) => label).filter((label) => !known.has(label));
    });
    expect(unknown).to.deep.equal([]);
  });

  it('passes within the thresholds and fails past either, naming each miss', async () => {
    const good = await evaluateCanaryGate({ ...base, fetch: prometheus((query) => (query.startsWith('histogram') ? '1.5' : '0.001')) });
    expect(good).to.include({ isPassed: true });
    const bad = await evaluateCanaryGate({ ...base, fetch: prometheus((query) => (query.startsWith('histogram') ? '45' : '0.2')) });
    expect(bad.isPassed).to.equal(false);
    expect(bad.failures).to.deep.equal(['error rate 20.00% > 1.00%', 'p99 45000 ms > 30000 ms']);
  });

  it('fails without evidence: no requests to the canary (0/0 is NaN) is not a pass', async () => {
    const result = await evaluateCanaryGate({ ...base, fetch: prometheus((query) => (query.startsWith('histogram') ? 'NaN' : undefined)) });
    expect(result.isPassed).to.equal(false);
    expect(result.failures).to.deep.equal(['no requests to svc-predictor-00002 in the last 10m: send traffic, or widen --window']);
  });

  it('reports an unreachable Prometheus and a query error as DeployErrors naming the URL', async () => {
    const refused = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as typeof fetch;
    const failure = await evaluateCanaryGate({ ...base, fetch: refused }).catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(DeployError);
    expect((failure as Error).message).to.equal('cannot query Prometheus at http://prometheus:9090: connection refused');

    const badQuery = (async () => new Response(JSON.stringify({ status: 'error', error: 'parse error' }), { status: 400 })) as typeof fetch;
    const answered = await evaluateCanaryGate({ ...base, fetch: badQuery }).catch((error: unknown) => error);
    expect((answered as Error).message).to.equal('Prometheus at http://prometheus:9090 answered 400: parse error');
  });
});
