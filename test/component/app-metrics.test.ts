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
    expect(await response.text()).to.contain('# TYPE predictor_requests_total counter');
  });

  it('counts requests by route template, known model and status', async () => {
    app = await startTestApp();
    await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x']));
    await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, '{bad');
    await postJson(`${app.baseUrl}/v2/models/someone-elses-model/infer`, bytesRequest(['x']));
    await fetch(`${app.baseUrl}/no/such/path/123`);
    await fetch(`${app.baseUrl}/v2/health/live`);
    await app.inFlight.whenIdle(); // metrics are recorded when each response closes
    const text = await app.metrics.registry.metrics();
    expect(text).to.contain('predictor_requests_total{route="/v2/models/:name/infer",model="fake-model",status="200"} 1');
    expect(text).to.contain('predictor_requests_total{route="/v2/models/:name/infer",model="fake-model",status="400"} 1');
    // Unknown model names collapse to "unknown", raw paths to "unmatched": labels stay bounded.
    expect(text).to.contain('predictor_requests_total{route="/v2/models/:name/infer",model="unknown",status="404"} 1');
    expect(text).to.contain('predictor_requests_total{route="unmatched",model="",status="404"} 1');
    expect(text).to.contain('predictor_requests_total{route="/v2/health/live",model="",status="200"} 1');
    expect(text).to.not.contain('someone-elses-model');
    expect(text).to.match(
      /predictor_request_duration_seconds_count\{route="\/v2\/models\/:name\/infer",model="fake-model",status="200"\} 1/,
    );
  });
});
