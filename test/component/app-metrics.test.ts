import { expect } from 'chai';
import { bytesRequest, postJson, startTestApp, type TestApp, useTestAppHooks } from '../protocol/support/start-test-app.js';

describe('createApp: /metrics and HTTP metrics', () => {
  let app: TestApp | undefined;
  useTestAppHooks(() => app);

  it('serves the injected registry in the Prometheus text format', async () => {
    app = await startTestApp();
    const response = await fetch(`${app.baseUrl}/metrics`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    expect(await response.text()).to.contain('# TYPE http_server_request_duration_seconds histogram');
  });

  it('records requests per the OTel HTTP conventions: method, route template and status, probes and /metrics apart', async () => {
    app = await startTestApp();
    await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x']));
    await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, '{bad');
    await postJson(`${app.baseUrl}/v2/models/someone-elses-model/infer`, bytesRequest(['x']));
    await fetch(`${app.baseUrl}/no/such/path/123`);
    await fetch(`${app.baseUrl}/v2/health/live`);
    await fetch(`${app.baseUrl}/v2/health/ready`);
    await fetch(`${app.baseUrl}/metrics`);
    await app.inFlight.whenIdle(); // metrics are recorded when each response closes
    const text = await app.metrics.registry.metrics();
    const count = (labels: string): string => `http_server_request_duration_seconds_count{${labels}}`;
    expect(text).to.contain(`${count('http_request_method="POST",http_route="/v2/models/:name/infer",http_response_status_code="200"')} 1`);
    expect(text).to.contain(`${count('http_request_method="POST",http_route="/v2/models/:name/infer",http_response_status_code="400"')} 1`);
    expect(text).to.contain(`${count('http_request_method="POST",http_route="/v2/models/:name/infer",http_response_status_code="404"')} 1`);
    // Raw paths collapse to "unmatched": labels stay bounded.
    expect(text).to.contain(`${count('http_request_method="GET",http_route="unmatched",http_response_status_code="404"')} 1`);
    expect(text).to.not.contain('someone-elses-model');
    expect(text).to.not.match(/http_server_request_duration_seconds_count\{[^}]*(health|metrics)/);
    expect(text).to.contain('http_server_probe_requests_total{http_route="/v2/health/live",http_response_status_code="200"} 1');
    expect(text).to.contain('http_server_probe_requests_total{http_route="/v2/health/ready",http_response_status_code="200"} 1');
    expect(text).to.contain('http_server_probe_requests_total{http_route="/metrics",http_response_status_code="200"} 1');
  });
});
