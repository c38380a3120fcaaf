import { expect } from 'chai';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { bytesRequest, postJson, startTestApp, type TestApp, useTestAppHooks } from '../protocol/support/start-test-app.js';

describe('createApp: Open Inference Protocol v2 routes', () => {
  let app: TestApp | undefined;
  useTestAppHooks(() => app);

  it('answers server metadata at GET /v2 and GET /v2/', async () => {
    app = await startTestApp();
    for (const path of ['/v2', '/v2/']) {
      const response = await fetch(`${app.baseUrl}${path}`);
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('application/json');
      expect(await response.json()).to.deep.equal({ name: 'test-predictor', version: '0.0.1', extensions: ['binary_tensor_data'] });
    }
  });

  it('answers live with {"live": true} and ready with {"ready": true}', async () => {
    app = await startTestApp();
    const live = await fetch(`${app.baseUrl}/v2/health/live`);
    const ready = await fetch(`${app.baseUrl}/v2/health/ready`);
    expect([live.status, await live.json()]).to.deep.equal([200, { live: true }]);
    expect([ready.status, await ready.json()]).to.deep.equal([200, { ready: true }]);
  });

  it('answers the KServe v1 liveness probe at GET /', async () => {
    app = await startTestApp();
    const response = await fetch(`${app.baseUrl}/`);
    expect(await response.json()).to.deep.equal({ status: 'alive' });
  });

  it('answers HEAD on GET routes with the status and no body', async () => {
    app = await startTestApp();
    const response = await fetch(`${app.baseUrl}/v2/health/ready`, { method: 'HEAD' });
    expect(response.status).to.equal(200);
    expect(await response.text()).to.equal('');
  });

  it('reports 503 on ready while a model is not ready, with a JSON error body', async () => {
    app = await startTestApp({ models: [new FakePredictorModel({ isReady: false })] });
    const response = await fetch(`${app.baseUrl}/v2/health/ready`);
    expect(response.status).to.equal(503);
    expect(response.headers.get('content-type')).to.equal('application/json');
    expect(await response.json())
      .to.have.property('error')
      .that.matches(/not ready/);
  });

  it('reports 503 on ready while draining', async () => {
    app = await startTestApp();
    app.dataPlane.startDraining();
    const response = await fetch(`${app.baseUrl}/v2/health/ready`);
    expect(response.status).to.equal(503);
    expect(await response.json()).to.deep.equal({ error: 'Server is shutting down' });
  });

  it('lists models at GET /v2/models', async () => {
    app = await startTestApp({ models: [new FakePredictorModel({ name: 'a' }), new FakePredictorModel({ name: 'b' })] });
    const response = await fetch(`${app.baseUrl}/v2/models`);
    expect(await response.json()).to.deep.equal({ models: ['a', 'b'] });
  });

  it('answers model metadata with and without the served version', async () => {
    app = await startTestApp();
    for (const path of ['/v2/models/fake-model', '/v2/models/fake-model/versions/1']) {
      const response = await fetch(`${app.baseUrl}${path}`);
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.include({ name: 'fake-model', versions: ['1'], platform: 'fake' });
    }
  });

  it('answers model ready with {"name", "ready": true}, and 503 when the model is not ready', async () => {
    app = await startTestApp();
    const ready = await fetch(`${app.baseUrl}/v2/models/fake-model/versions/1/ready`);
    expect([ready.status, await ready.json()]).to.deep.equal([200, { name: 'fake-model', ready: true }]);
    app.model.setReady(false);
    const notReady = await fetch(`${app.baseUrl}/v2/models/fake-model/ready`);
    expect([notReady.status, await notReady.json()]).to.deep.equal([503, { error: 'Model fake-model is not ready' }]);
  });

  it('infers a BYTES request and echoes the request id', async () => {
    app = await startTestApp();
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['héllo', 'world'], { id: '42' }));
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({
      model_name: 'fake-model',
      id: '42',
      outputs: [{ name: 'episode', shape: [2], datatype: 'BYTES', data: ['héllo', 'world'] }],
    });
    const [call] = app.model.calls;
    expect(new TextDecoder().decode(call!.request.inputs[0]!.data[0] as Uint8Array)).to.equal('héllo');
  });

  it('includes model_version only when the path names a version', async () => {
    app = await startTestApp();
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/versions/1/infer`, bytesRequest(['x']));
    expect(await response.json()).to.include({ model_name: 'fake-model', model_version: '1' });
  });

  it('returns only the requested outputs, with their parameters passed to the model', async () => {
    const model = new FakePredictorModel({
      outputs: [
        { name: 'summary', datatype: 'BYTES', shape: [1] },
        { name: 'score', datatype: 'FP32', shape: [1] },
      ],
      script: [
        {
          outputs: [
            { name: 'summary', datatype: 'BYTES', shape: [1], data: ['short'] },
            { name: 'score', datatype: 'FP32', shape: [1], data: [0.5] },
          ],
        },
      ],
    });
    app = await startTestApp({ models: [model] });
    const response = await postJson(
      `${app.baseUrl}/v2/models/fake-model/infer`,
      bytesRequest(['x'], { outputs: [{ name: 'score', parameters: { precision: 2 } }] }),
    );
    const body = (await response.json()) as { outputs: unknown[] };
    expect(body.outputs).to.deep.equal([{ name: 'score', datatype: 'FP32', shape: [1], data: [0.5], parameters: { precision: 2 } }]);
    expect(model.calls[0]!.request.outputs).to.deep.equal([{ name: 'score', parameters: { precision: 2 } }]);
  });

  it('passes request parameters to the model and returns response parameters', async () => {
    const model = new FakePredictorModel({ script: [{ outputs: [], parameters: { input_tokens: 12, cached: false } }] });
    app = await startTestApp({ models: [model] });
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x'], { parameters: { language: 'en' } }));
    expect(await response.json()).to.deep.equal({ model_name: 'fake-model', outputs: [], parameters: { input_tokens: 12, cached: false } });
    expect(model.calls[0]!.request.parameters).to.deep.equal({ language: 'en' });
  });
});
