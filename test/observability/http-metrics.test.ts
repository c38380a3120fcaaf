import { expect } from 'chai';
import { Registry } from 'prom-client';
import { createHttpMetrics } from '../../predictor/observability/http-metrics.js';

describe('createHttpMetrics', () => {
  it('records a request as http_server_request_duration_seconds with the OTel HTTP labels', async () => {
    const registry = new Registry();
    createHttpMetrics({ registry }).observeRequest({ method: 'POST', route: '/v2/models/:name/infer', status: 200 }, 2.5);

    const text = await registry.metrics();

    expect(text).to.contain(
      'http_server_request_duration_seconds_sum{http_request_method="POST",http_route="/v2/models/:name/infer",http_response_status_code="200"} 2.5',
    );
  });

  it('records a method outside the HTTP well-known set as _OTHER', async () => {
    const registry = new Registry();
    createHttpMetrics({ registry }).observeRequest({ method: 'BREW', route: 'unmatched', status: 404 }, 0.01);

    expect(await registry.metrics()).to.contain('http_request_method="_OTHER"');
  });

  it('counts probes and /metrics apart, out of the duration histogram', async () => {
    const registry = new Registry();
    const metrics = createHttpMetrics({ registry });
    metrics.observeRequest({ method: 'GET', route: '/v2/health/ready', status: 503 }, 0.001);
    metrics.observeRequest({ method: 'GET', route: '/metrics', status: 200 }, 0.002);

    const text = await registry.metrics();

    expect(text).to.contain('http_server_probe_requests_total{http_route="/v2/health/ready",http_response_status_code="503"} 1');
    expect(text).to.contain('http_server_probe_requests_total{http_route="/metrics",http_response_status_code="200"} 1');
    expect(text).not.to.match(/http_server_request_duration_seconds_count\{/);
  });

  it('counts spend per principal, with principals past the bound as other, and nothing for a request that spent nothing', async () => {
    const registry = new Registry();
    const metrics = createHttpMetrics({ registry, maxPrincipals: 2 });
    metrics.recordSpend('team-a', { tokens: 100, costUsd: 0.5 });
    metrics.recordSpend('team-b', { tokens: 10, costUsd: 0.25 });
    metrics.recordSpend('team-c', { tokens: 1, costUsd: 0.125 });
    metrics.recordSpend('team-a', { tokens: 100, costUsd: 0.5 });
    metrics.recordSpend('team-d', { tokens: 0, costUsd: 0 });

    const text = await registry.metrics();

    expect(text).to.contain('principal_cost_usd_total{principal="team-a"} 1');
    expect(text).to.contain('principal_cost_usd_total{principal="team-b"} 0.25');
    expect(text).to.contain('principal_cost_usd_total{principal="other"} 0.125');
    expect(text).to.contain('principal_tokens_total{principal="team-a"} 200');
    expect(text).not.to.contain('team-c');
    expect(text).not.to.contain('team-d');
  });

  it('labels the first 100 principals by default, as docs/observability.md says, and the 101st as other', async () => {
    const registry = new Registry();
    const metrics = createHttpMetrics({ registry });
    for (let index = 1; index <= 101; index++) metrics.recordSpend(`team-${index}`, { tokens: 1, costUsd: 0 });

    const text = await registry.metrics();

    expect(text).to.contain('principal_tokens_total{principal="team-100"} 1');
    expect(text).to.contain('principal_tokens_total{principal="other"} 1');
    expect(text).not.to.contain('team-101');
  });
});
