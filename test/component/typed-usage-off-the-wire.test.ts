import { expect } from 'chai';
import type { ModelResponse } from '../../predictor/contract/tensor.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { splitBinaryResponse } from '../protocol/support/binary-body.js';
import { bytesRequest, postJson, startTestApp, type TestApp, useTestAppHooks } from '../protocol/support/start-test-app.js';

/** A response whose typed usage (for the limits) differs from what its parameters tell clients. */
const ANSWER: ModelResponse = {
  outputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: ['{"summary":"ok"}'] }],
  parameters: { input_tokens: 12, output_tokens: 3 },
  usage: { tokens: 15, costUsd: 0.25 },
};

describe("a response's typed usage never goes on the wire", () => {
  let app: TestApp | undefined;
  useTestAppHooks(() => app);

  it('v2 JSON: outputs and parameters only', async () => {
    app = await startTestApp({ models: [new FakePredictorModel({ script: [ANSWER] })] });
    const body = (await (await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['{}']))).json()) as Record<
      string,
      unknown
    >;
    expect(Object.keys(body).sort()).to.deep.equal(['model_name', 'outputs', 'parameters']);
    expect(body.parameters).to.deep.equal({ input_tokens: 12, output_tokens: 3 });
    expect(JSON.stringify(body)).to.not.contain('0.25');
  });

  it('v2 binary: the JSON header holds no usage either', async () => {
    app = await startTestApp({ models: [new FakePredictorModel({ script: [ANSWER] })] });
    const response = await postJson(
      `${app.baseUrl}/v2/models/fake-model/infer`,
      bytesRequest(['{}'], { parameters: { binary_data_output: true } }),
    );
    const { header } = splitBinaryResponse(
      Buffer.from(await response.arrayBuffer()),
      Number(response.headers.get('inference-header-content-length')),
    );
    expect(Object.keys(header).sort()).to.deep.equal(['model_name', 'outputs', 'parameters']);
  });

  it('v1: predictions only', async () => {
    app = await startTestApp({ models: [new FakePredictorModel({ script: [ANSWER] })] });
    const body = await (await postJson(`${app.baseUrl}/v1/models/fake-model:predict`, { instances: [{ title: 'A' }] })).json();
    expect(body).to.deep.equal({ predictions: [{ episode: { summary: 'ok' } }] });
  });
});
