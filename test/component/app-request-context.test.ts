import { expect } from 'chai';
import { currentLogFields } from '../../predictor/observability/log-context.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { bytesRequest, postJson, startTestApp, type TestApp, useTestAppHooks } from '../protocol/support/start-test-app.js';

/** Resolves with the signal's reason once it aborts. */
function whenAborted(signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }));
}

describe('createApp: request id, context, deadline and access log', () => {
  let app: TestApp | undefined;
  useTestAppHooks(() => app);

  it('reuses a sane incoming x-request-id and echoes it', async () => {
    app = await startTestApp({ generateRequestId: () => 'generated' });
    const response = await fetch(`${app.baseUrl}/v2/health/live`, { headers: { 'x-request-id': 'abc-123.DEF:4_5' } });
    expect(response.headers.get('x-request-id')).to.equal('abc-123.DEF:4_5');
  });

  it('replaces a missing, overlong or odd x-request-id with a generated one', async () => {
    let counter = 0;
    app = await startTestApp({ generateRequestId: () => `generated-${++counter}` });
    const ids = [];
    for (const headers of [{}, { 'x-request-id': 'x'.repeat(129) }, { 'x-request-id': 'a b' }, { 'x-request-id': 'a\u00e9' }]) {
      ids.push((await fetch(`${app.baseUrl}/v2/health/live`, { headers: headers as Record<string, string> })).headers.get('x-request-id'));
    }
    expect(ids).to.deep.equal(['generated-1', 'generated-2', 'generated-3', 'generated-4']);
  });

  it('generates UUIDs by default', async () => {
    app = await startTestApp();
    const id = (await fetch(`${app.baseUrl}/v2/health/live`)).headers.get('x-request-id');
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('hands the model the request id, a deadline, the traceparent and the log context', async () => {
    let logFields: Readonly<Record<string, unknown>> = {};
    const model = new FakePredictorModel({
      script: [
        (request) => {
          logFields = currentLogFields();
          return { outputs: request.inputs };
        },
      ],
    });
    app = await startTestApp({ models: [model], requestTimeoutMs: 30000 });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const before = Date.now();
    await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x']), { 'x-request-id': 'req-1', traceparent });
    const { context } = model.calls[0]!;
    expect(context).to.include({ requestId: 'req-1', traceparent });
    expect(context.deadlineAtMs).to.be.within(before + 30000, Date.now() + 30000);
    expect(context.signal.aborted).to.equal(false);
    expect(logFields).to.include({ request_id: 'req-1' });
  });

  it('drops an invalid traceparent', async () => {
    app = await startTestApp();
    await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x']), { traceparent: 'not-a-trace' });
    expect(app.model.calls[0]!.context).to.not.have.property('traceparent');
  });

  it('aborts the model with deadline_exceeded and answers 504 when the deadline passes', async () => {
    let reason: unknown;
    const model = new FakePredictorModel({
      script: [
        async (_request, context) => {
          reason = await whenAborted(context.signal);
          throw reason;
        },
      ],
    });
    app = await startTestApp({ models: [model], requestTimeoutMs: 50 });
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x']));
    expect(response.status).to.equal(504);
    expect(await response.json()).to.deep.equal({ error: 'Request did not finish within its 50 ms deadline' });
    expect((reason as { code: string }).code).to.equal('deadline_exceeded');
  });

  it('answers 504 at the deadline even when the model ignores the signal', async () => {
    let release: () => void = () => undefined;
    const model = new FakePredictorModel({
      script: [() => new Promise((resolve) => (release = () => resolve({ outputs: [] })))],
    });
    app = await startTestApp({ models: [model], requestTimeoutMs: 50 });
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x']));
    expect(response.status).to.equal(504);
    release();
  });

  it('aborts the model with cancelled when the client disconnects, and logs and counts status 499', async () => {
    const model = new FakePredictorModel({ script: [async (_request, context) => Promise.reject(await whenAborted(context.signal))] });
    app = await startTestApp({ models: [model] });
    const client = new AbortController();
    const called = model.nextCall();
    const pending = fetch(`${app.baseUrl}/v2/models/fake-model/infer`, {
      method: 'POST',
      body: JSON.stringify(bytesRequest(['x'])),
      signal: client.signal,
    }).catch(() => undefined);
    const { context } = await called;
    const aborted = whenAborted(context.signal);
    client.abort();
    expect(((await aborted) as { code: string }).code).to.equal('cancelled');
    await pending;
    await app.inFlight.whenIdle();
    const [line] = app.logger.withMessage('http request');
    expect(line?.fields).to.include({ status: 499, route: '/v2/models/:name/infer' });
    expect((await app.metrics.render()).body).to.contain(
      'http_server_request_duration_seconds_count{http_request_method="POST",http_route="/v2/models/:name/infer",http_response_status_code="499"} 1',
    );
  });

  it('writes one access log line per request with method, route, status, duration, model and principal only', async () => {
    app = await startTestApp();
    await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['secret transcript']), {
      'x-request-id': 'r-9',
      authorization: 'Bearer secret-token',
    });
    await app.inFlight.whenIdle(); // the access log line is written when the response closes
    const lines = app.logger.withMessage('http request');
    expect(lines).to.have.length(1);
    expect(lines[0]!.level).to.equal('info');
    expect(Object.keys(lines[0]!.fields).sort()).to.deep.equal([
      'duration_ms',
      'method',
      'model',
      'principal',
      'request_id',
      'route',
      'status',
    ]);
    expect(lines[0]!.fields).to.include({
      method: 'POST',
      route: '/v2/models/:name/infer',
      status: 200,
      model: 'fake-model',
      request_id: 'r-9',
    });
    expect(JSON.stringify(app.logger.lines)).to.not.match(/secret/);
  });
});
