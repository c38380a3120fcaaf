import { expect } from 'chai';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { postJson, startTestApp, type TestApp, useTestAppHooks } from '../protocol/support/start-test-app.js';

describe('createApp: KServe v1 routes', () => {
  let app: TestApp | undefined;
  useTestAppHooks(() => app);

  function analysisModel(): FakePredictorModel {
    return new FakePredictorModel({
      name: 'pipeline',
      inputs: [{ name: 'episode', datatype: 'BYTES', shape: [-1] }],
      outputs: [{ name: 'analysis', datatype: 'BYTES', shape: [-1] }],
      script: [
        (request) => ({
          outputs: [
            {
              name: 'analysis',
              datatype: 'BYTES',
              shape: [request.inputs[0]!.data.length],
              data: request.inputs[0]!.data.map((element) => {
                const episode = JSON.parse(new TextDecoder().decode(element as Uint8Array)) as { title: string };
                return JSON.stringify({ summary: `about ${episode.title}` });
              }),
            },
          ],
        }),
      ],
    });
  }

  it('lists models at GET /v1/models', async () => {
    app = await startTestApp({ models: [analysisModel()] });
    expect(await (await fetch(`${app.baseUrl}/v1/models`)).json()).to.deep.equal({ models: ['pipeline'] });
  });

  it('answers model status with {"name", "ready"}', async () => {
    app = await startTestApp({ models: [analysisModel()] });
    expect(await (await fetch(`${app.baseUrl}/v1/models/pipeline`)).json()).to.deep.equal({ name: 'pipeline', ready: true });
    app.model.setReady(false);
    expect(await (await fetch(`${app.baseUrl}/v1/models/pipeline`)).json()).to.deep.equal({ name: 'pipeline', ready: false });
  });

  it('answers 404 for the status of an unknown model', async () => {
    app = await startTestApp({ models: [analysisModel()] });
    expect((await fetch(`${app.baseUrl}/v1/models/nope`)).status).to.equal(404);
  });

  it('predicts: instances (objects or JSON strings) in, one prediction object per instance out', async () => {
    app = await startTestApp({ models: [analysisModel()] });
    const response = await postJson(`${app.baseUrl}/v1/models/pipeline:predict`, { instances: [{ title: 'A' }, '{"title":"B"}'] });
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({
      predictions: [{ analysis: { summary: 'about A' } }, { analysis: { summary: 'about B' } }],
    });
    const [input] = app.model.calls[0]!.request.inputs;
    expect(input).to.deep.include({ name: 'episode', datatype: 'BYTES', shape: [2] });
  });

  it('answers 400 for a body without instances', async () => {
    app = await startTestApp({ models: [analysisModel()] });
    const response = await postJson(`${app.baseUrl}/v1/models/pipeline:predict`, { inputs: [] });
    expect(response.status).to.equal(400);
    expect(await response.json()).to.deep.equal({ error: 'Request body must be {"instances": [...]} with at least one instance' });
  });

  it('answers 501 for :explain, 404 for an unknown verb and 405 for the wrong method', async () => {
    app = await startTestApp({ models: [analysisModel()] });
    expect((await postJson(`${app.baseUrl}/v1/models/pipeline:explain`, { instances: [{}] })).status).to.equal(501);
    expect((await postJson(`${app.baseUrl}/v1/models/pipeline:train`, { instances: [{}] })).status).to.equal(404);
    const getPredict = await fetch(`${app.baseUrl}/v1/models/pipeline:predict`);
    expect([getPredict.status, getPredict.headers.get('allow')]).to.deep.equal([405, 'POST']);
    const postStatus = await postJson(`${app.baseUrl}/v1/models/pipeline`, { instances: [{}] });
    expect([postStatus.status, postStatus.headers.get('allow')]).to.deep.equal([405, 'GET, HEAD']);
  });

  it('answers 503 for predict while the model is not ready', async () => {
    app = await startTestApp({ models: [analysisModel()] });
    app.model.setReady(false);
    expect((await postJson(`${app.baseUrl}/v1/models/pipeline:predict`, { instances: [{ title: 'A' }] })).status).to.equal(503);
  });

  it('labels v1 requests with bounded route templates in the access log', async () => {
    app = await startTestApp({ models: [analysisModel()] });
    await postJson(`${app.baseUrl}/v1/models/pipeline:predict`, { instances: [{ title: 'A' }] });
    await postJson(`${app.baseUrl}/v1/models/pipeline:whatever`, { instances: [{ title: 'A' }] });
    await app.inFlight.whenIdle(); // the access log line is written when each response closes
    const routes = app.logger.withMessage('http request').map((line) => line.fields.route);
    expect(routes).to.deep.equal(['/v1/models/:name:predict', '/v1/models/:name:unknown']);
  });
});
