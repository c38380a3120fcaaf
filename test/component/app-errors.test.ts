import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { LlmUnavailableError, RateLimitedError } from '../../predictor/errors.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { bytesRequest, postJson, startTestApp, type TestApp, useTestAppHooks } from '../protocol/support/start-test-app.js';

describe('createApp: error paths', () => {
  let app: TestApp | undefined;
  useTestAppHooks(() => app);

  async function expectError(response: Response, status: number, message: string | RegExp): Promise<void> {
    expect(response.status).to.equal(status);
    expect(response.headers.get('content-type')).to.equal('application/json');
    const body = (await response.json()) as { error: string };
    expect(Object.keys(body)).to.deep.equal(['error']);
    if (typeof message === 'string') expect(body.error).to.equal(message);
    else expect(body.error).to.match(message);
  }

  it('answers 400 with the parser reason for a body that is not JSON', async () => {
    app = await startTestApp();
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, '{"inputs": [');
    await expectError(response, 400, /^Request body is not valid JSON: /);
    expect(app.model.calls).to.have.length(0);
  });

  it('answers 400 for an empty body', async () => {
    app = await startTestApp();
    const response = await fetch(`${app.baseUrl}/v2/models/fake-model/infer`, { method: 'POST' });
    await expectError(response, 400, 'Request body is empty; expected a JSON object');
  });

  it('accepts JSON sent with a wrong Content-Type', async () => {
    app = await startTestApp();
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x']), { 'content-type': 'text/plain' });
    expect(response.status).to.equal(200);
  });

  it('accepts JSON sent without a Content-Type', async () => {
    app = await startTestApp();
    const response = await fetch(`${app.baseUrl}/v2/models/fake-model/infer`, {
      method: 'POST',
      body: new TextEncoder().encode(JSON.stringify(bytesRequest(['x']))),
    });
    expect(response.status).to.equal(200);
  });

  it('accepts a gzip-compressed body (Content-Encoding: gzip)', async () => {
    app = await startTestApp();
    const response = await fetch(`${app.baseUrl}/v2/models/fake-model/infer`, {
      method: 'POST',
      headers: { 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(bytesRequest(['zipped']))),
    });
    expect(((await response.json()) as { outputs: Array<{ data: string[] }> }).outputs[0]!.data).to.deep.equal(['zipped']);
  });

  it('tolerates unknown fields clients add', async () => {
    app = await startTestApp();
    const body = { ...bytesRequest(['x']), model_name: 'fake-model', model_version: '', extra: { a: 1 } };
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, body);
    expect(response.status).to.equal(200);
  });

  it('answers 400 naming every schema problem', async () => {
    app = await startTestApp();
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, {
      inputs: [{ name: 'episode', shape: 'x', datatype: 'TEXT' }],
    });
    await expectError(response, 400, /inputs\[0\]\.shape must be array; inputs\[0\]\.datatype must be one of/);
  });

  it('answers 400 naming the input and element of a value out of range', async () => {
    app = await startTestApp();
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, {
      inputs: [{ name: 'pixels', shape: [2], datatype: 'UINT8', data: [[1], [256]] }],
    });
    await expectError(response, 400, "inputs[0] ('pixels'): element 1 must be an integer in [0, 255] for UINT8, got 256");
  });

  it('answers 400 for JSON nested deeper than maxJsonDepth, on v2 and v1', async () => {
    app = await startTestApp({ maxJsonDepth: 8 });
    const deep = '['.repeat(20) + ']'.repeat(20);
    await expectError(
      await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, `{"inputs":${deep}}`),
      400,
      'JSON nesting exceeds the maximum depth of 8',
    );
    await expectError(await postJson(`${app.baseUrl}/v1/models/fake-model:predict`, `{"instances":${deep}}`), 400, /maximum depth of 8/);
  });

  it('answers 404 for an unknown model on every model route', async () => {
    app = await startTestApp();
    const message = 'Model with name nope does not exist.';
    await expectError(await fetch(`${app.baseUrl}/v2/models/nope`), 404, message);
    await expectError(await fetch(`${app.baseUrl}/v2/models/nope/ready`), 404, message);
    await expectError(await postJson(`${app.baseUrl}/v2/models/nope/infer`, bytesRequest(['x'])), 404, message);
  });

  it('answers 404 JSON for an unknown route', async () => {
    app = await startTestApp();
    await expectError(await fetch(`${app.baseUrl}/v3/models`), 404, 'No route for GET /v3/models');
  });

  it('answers 405 with Allow for a known path and the wrong method', async () => {
    app = await startTestApp();
    const getInfer = await fetch(`${app.baseUrl}/v2/models/fake-model/infer`);
    expect(getInfer.headers.get('allow')).to.equal('POST');
    await expectError(getInfer, 405, /allowed: POST$/);
    const deleteLive = await fetch(`${app.baseUrl}/v2/health/live`, { method: 'DELETE' });
    expect(deleteLive.headers.get('allow')).to.equal('GET, HEAD');
    await expectError(deleteLive, 405, /allowed: GET, HEAD$/);
  });

  it('answers 413 for a body over the limit', async () => {
    app = await startTestApp({ maxBodyBytes: 2048 });
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x'.repeat(4096)]));
    await expectError(response, 413, 'Request body is larger than the limit of 2048 bytes');
  });

  it('answers 501 for a model version other than the one served', async () => {
    app = await startTestApp();
    const message = 'Model fake-model version 2 is not served; this server serves version 1 only';
    await expectError(await fetch(`${app.baseUrl}/v2/models/fake-model/versions/2`), 501, message);
    await expectError(await postJson(`${app.baseUrl}/v2/models/fake-model/versions/2/infer`, bytesRequest(['x'])), 501, message);
  });

  it('answers 503 for inference on a model that is not ready, and while draining', async () => {
    app = await startTestApp({ models: [new FakePredictorModel({ isReady: false })] });
    await expectError(
      await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x'])),
      503,
      'Model fake-model is not ready',
    );
    app.model.setReady(true);
    app.dataPlane.startDraining();
    await expectError(await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x'])), 503, 'Server is shutting down');
  });

  it('answers 400 for malformed percent-encoding in the path', async () => {
    app = await startTestApp();
    await expectError(await fetch(`${app.baseUrl}/v2/models/%E0%A4%A`), 400, 'Malformed percent-encoding in the URL path');
  });

  it('maps a model error through the table: 502 for an LLM outage, logged as a warning', async () => {
    app = await startTestApp({ models: [new FakePredictorModel({ script: [new LlmUnavailableError('Gemini is unavailable', 503)] })] });
    await expectError(await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x'])), 502, 'Gemini is unavailable');
    expect(app.logger.withMessage('request failed')[0]?.level).to.equal('warn');
  });

  it('sends Retry-After and RateLimit-* headers with a 429', async () => {
    const limited = new RateLimitedError('Too many requests', { retryAfterSeconds: 2, limit: { limit: 5, remaining: 0, resetSeconds: 2 } });
    app = await startTestApp({ models: [new FakePredictorModel({ script: [limited] })] });
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x']));
    expect([
      response.headers.get('retry-after'),
      response.headers.get('ratelimit-limit'),
      response.headers.get('ratelimit-remaining'),
    ]).to.deep.equal(['2', '5', '0']);
    await expectError(response, 429, 'Too many requests');
  });

  it('answers a generic 500 without stack or path, and logs the error with its stack', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x') at /srv/predictor/pipeline/agent.ts:10");
    app = await startTestApp({ models: [new FakePredictorModel({ script: [bug] })] });
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x']));
    const text = await response.text();
    expect(response.status).to.equal(500);
    expect(text).to.equal('{"error":"internal error"}');
    const [logged] = app.logger.withMessage('unhandled error');
    expect(logged?.level).to.equal('error');
    expect(logged?.fields.error).to.equal(bug);
    expect(logged?.fields).to.include({ route: '/v2/models/:name/infer' });
  });

  it('sets nosniff and no-store on every response and never x-powered-by', async () => {
    app = await startTestApp();
    for (const response of [await fetch(`${app.baseUrl}/v2`), await fetch(`${app.baseUrl}/nowhere`)]) {
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(response.headers.get('cache-control')).to.equal('no-store');
      expect(response.headers.has('x-powered-by')).to.equal(false);
    }
  });
});
