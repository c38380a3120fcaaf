import { expect } from 'chai';
import type { ModelResponse } from '../../predictor/contract/tensor.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { bytesRequest, postJson, startTestApp, type TestApp, useTestAppHooks } from '../protocol/support/start-test-app.js';

describe('createApp: CONTAINER_CONCURRENCY', () => {
  let app: TestApp | undefined;
  useTestAppHooks(() => app);

  it('refuses the request past the limit with 503 and Retry-After while probes, metrics and the freed slot keep working', async () => {
    const held = Promise.withResolvers<ModelResponse>();
    const model = new FakePredictorModel({ script: [() => held.promise] });
    app = await startTestApp({ models: [model], containerConcurrency: 1 });
    const url = `${app.baseUrl}/v2/models/fake-model/infer`;
    const started = model.nextCall();
    const first = postJson(url, bytesRequest(['{"title":"A"}']));
    await started;

    const refused = await postJson(url, bytesRequest(['{"title":"B"}']));
    const live = await fetch(`${app.baseUrl}/v2/health/live`);
    const ready = await fetch(`${app.baseUrl}/v2/health/ready`);
    const metrics = await fetch(`${app.baseUrl}/metrics`);
    held.resolve({ outputs: [] });
    const firstResponse = await first;
    const after = await postJson(url, bytesRequest(['{"title":"C"}']));

    expect(refused.status).to.equal(503);
    expect(refused.headers.get('retry-after')).to.equal('1');
    expect(await refused.json()).to.deep.equal({ error: 'The server is serving its limit of 1 requests at once; retry shortly' });
    expect([live.status, ready.status, metrics.status]).to.deep.equal([200, 200, 200]);
    expect(firstResponse.status).to.equal(200);
    expect(after.status).to.equal(200);
    expect(model.calls).to.have.length(2);
  });

  it('frees the slot of a client that leaves before its answer', async () => {
    const model = new FakePredictorModel({
      script: [
        (_request, context) =>
          new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason))),
      ],
    });
    app = await startTestApp({ models: [model], containerConcurrency: 1 });
    const url = `${app.baseUrl}/v2/models/fake-model/infer`;
    const client = new AbortController();
    const started = model.nextCall();
    const abandoned = fetch(url, { method: 'POST', body: JSON.stringify(bytesRequest(['{"title":"A"}'])), signal: client.signal }).catch(
      () => undefined,
    );
    const call = await started;
    const serverSawAbort = new Promise((resolve) => call.context.signal.addEventListener('abort', resolve));

    client.abort();
    await abandoned;
    await serverSawAbort;
    const next = await postJson(url, bytesRequest(['{"title":"B"}']));

    expect(next.status).to.equal(200);
  });

  it('limits nothing when unset', async () => {
    const held = Promise.withResolvers<ModelResponse>();
    const starts = [Promise.withResolvers<void>(), Promise.withResolvers<void>()];
    const step = (index: number) => () => {
      starts[index]?.resolve();
      return held.promise;
    };
    const model = new FakePredictorModel({ script: [step(0), step(1)] });
    app = await startTestApp({ models: [model] });
    const url = `${app.baseUrl}/v2/models/fake-model/infer`;

    const responses = Promise.all([postJson(url, bytesRequest(['{"title":"A"}'])), postJson(url, bytesRequest(['{"title":"B"}']))]);
    await Promise.all(starts.map((start) => start.promise));
    held.resolve({ outputs: [] });

    expect((await responses).map((response) => response.status)).to.deep.equal([200, 200]);
  });
});
