import { expect } from 'chai';
import type { Request, RequestHandler } from 'express';
import type { ModelResponse } from '../../predictor/contract/tensor.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { bytesRequest, postJson, startTestApp, type TestApp, useTestAppHooks } from '../protocol/support/start-test-app.js';

/** Keeps the Express request objects the app sees, so a test can look at them mid-request. */
function captureRequests(): { middleware: RequestHandler; seen: Request[] } {
  const seen: Request[] = [];
  return {
    seen,
    middleware: (request, _response, next) => {
      seen.push(request);
      next();
    },
  };
}

const EMPTY: ModelResponse = { outputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [new TextEncoder().encode('{}')] }] };

describe('inference routes release the raw body before the model runs', () => {
  let app: TestApp | undefined;
  useTestAppHooks(() => app);

  for (const route of ['v2', 'v1'] as const) {
    it(`${route}: request.body no longer holds the bytes while predict runs`, async () => {
      const capture = captureRequests();
      let bodyDuringPredict: unknown = 'not called';
      const model = new FakePredictorModel({
        name: 'pipeline',
        script: [
          () => {
            bodyDuringPredict = capture.seen.at(-1)?.body;
            return EMPTY;
          },
        ],
      });
      app = await startTestApp({ models: [model], extraMiddleware: [capture.middleware] });
      const episode = JSON.stringify({ title: 'A', transcript: 'x'.repeat(10_000) });

      const response =
        route === 'v2'
          ? await postJson(`${app.baseUrl}/v2/models/pipeline/infer`, bytesRequest([episode]))
          : await postJson(`${app.baseUrl}/v1/models/pipeline:predict`, { instances: [episode] });

      expect(response.status).to.equal(200);
      expect(bodyDuringPredict).to.equal(undefined);
    });
  }
});
