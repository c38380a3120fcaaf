import { expect } from 'chai';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import {
  binaryBody,
  deserializeByteTensor,
  float32Bytes,
  serializeByteTensor,
  splitBinaryResponse,
} from '../protocol/support/binary-body.js';
import { startTestApp, type TestApp, useTestAppHooks } from '../protocol/support/start-test-app.js';

describe('createApp: binary tensor data extension', () => {
  let app: TestApp | undefined;
  useTestAppHooks(() => app);

  function postBinary(target: TestApp, path: string, body: Buffer, headerLength: number): Promise<Response> {
    return fetch(`${target.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(headerLength) },
      body,
    });
  }

  it('reads a binary BYTES input as raw bytes and answers JSON when no binary output is asked', async () => {
    app = await startTestApp();
    const raw = serializeByteTensor(['héllo', Uint8Array.from([0xff, 0x00])]);
    const { body, headerLength } = binaryBody(
      `{"inputs":[{"name":"episode","shape":[2],"datatype":"BYTES","parameters":{"binary_data_size":${raw.byteLength}}}]}`,
      raw,
    );
    const response = await postBinary(app, '/v2/models/fake-model/infer', body, headerLength);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('application/json');
    const [input] = app.model.calls[0]!.request.inputs;
    expect(input!.data.map((element) => [...(element as Uint8Array)])).to.deep.equal([[...Buffer.from('héllo')], [0xff, 0x00]]);
    expect(input).to.not.have.property('parameters');
  });

  it('answers FP32 and BYTES outputs in binary with binary_data_output', async () => {
    const model = new FakePredictorModel({ inputs: [{ name: 'scores', datatype: 'FP32', shape: [-1] }] });
    model.enqueue((request) => ({
      outputs: [request.inputs[0]!, { name: 'label', datatype: 'BYTES', shape: [1], data: ['ok'] }],
    }));
    app = await startTestApp({ models: [model] });
    const scores = float32Bytes([0.5, -1.25, 3]);
    const { body, headerLength } = binaryBody(
      `{"id":"b1","inputs":[{"name":"scores","shape":[3],"datatype":"FP32","parameters":{"binary_data_size":12}}],"parameters":{"binary_data_output":true}}`,
      scores,
    );
    const response = await postBinary(app, '/v2/models/fake-model/infer', body, headerLength);
    expect(response.headers.get('content-type')).to.equal('application/octet-stream');
    const jsonLength = Number(response.headers.get('inference-header-content-length'));
    const { header, binary } = splitBinaryResponse(Buffer.from(await response.arrayBuffer()), jsonLength);
    expect(header).to.deep.include({ model_name: 'fake-model', id: 'b1' });
    expect(header.outputs).to.deep.equal([
      { name: 'scores', shape: [3], datatype: 'FP32', parameters: { binary_data_size: 12 } },
      { name: 'label', shape: [1], datatype: 'BYTES', parameters: { binary_data_size: 6 } },
    ]);
    expect(binary.get('scores')).to.deep.equal(scores);
    expect(deserializeByteTensor(binary.get('label')!)).to.deep.equal(['ok']);
  });

  it('sends only the outputs marked binary_data in binary', async () => {
    const model = new FakePredictorModel({
      outputs: [
        { name: 'a', datatype: 'INT32', shape: [1] },
        { name: 'b', datatype: 'INT32', shape: [1] },
      ],
      script: [
        {
          outputs: [
            { name: 'a', datatype: 'INT32', shape: [1], data: [1] },
            { name: 'b', datatype: 'INT32', shape: [1], data: [2] },
          ],
        },
      ],
    });
    app = await startTestApp({ models: [model] });
    const response = await fetch(`${app.baseUrl}/v2/models/fake-model/infer`, {
      method: 'POST',
      body: JSON.stringify({
        inputs: [{ name: 'episode', shape: [1], datatype: 'BYTES', data: ['x'] }],
        outputs: [{ name: 'a' }, { name: 'b', parameters: { binary_data: true } }],
      }),
    });
    const { header, binary } = splitBinaryResponse(
      Buffer.from(await response.arrayBuffer()),
      Number(response.headers.get('inference-header-content-length')),
    );
    expect(header.outputs[0]).to.deep.equal({ name: 'a', shape: [1], datatype: 'INT32', data: [1] });
    expect(header.outputs[1]).to.deep.equal({ name: 'b', shape: [1], datatype: 'INT32', parameters: { binary_data_size: 4 } });
    expect([...binary.get('b')!]).to.deep.equal([2, 0, 0, 0]);
  });

  it('answers 400 when the binary part is shorter than binary_data_size', async () => {
    app = await startTestApp();
    const { body, headerLength } = binaryBody(
      '{"inputs":[{"name":"episode","shape":[1],"datatype":"BYTES","parameters":{"binary_data_size":50}}]}',
      serializeByteTensor(['short']),
    );
    const response = await postBinary(app, '/v2/models/fake-model/infer', body, headerLength);
    expect(response.status).to.equal(400);
    expect(await response.json()).to.deep.equal({ error: 'inputs[0].parameters.binary_data_size is 50 but only 9 binary bytes are left' });
  });

  it('answers 400 for an Inference-Header-Content-Length beyond the body', async () => {
    app = await startTestApp();
    const response = await postBinary(app, '/v2/models/fake-model/infer', Buffer.from('{"inputs":[]}'), 99);
    expect(response.status).to.equal(400);
    expect(((await response.json()) as { error: string }).error).to.contain('must be between 1 and the body length 13');
  });
});
