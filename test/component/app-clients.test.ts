/**
 * Replays, byte for byte, the BYTES inference requests that the two common Python clients
 * send (PyPI is not reachable here, so the clients cannot run). Reconstructed by reading:
 *
 * KServe Python SDK, kserve/kserve @ aaac4e294dae2c7b1aa1886447793f3aa1c30912:
 * - python/kserve/kserve/inference_client.py `InferenceRESTClient.infer`: a dict body is
 *   `orjson.dumps` (compact, non-ASCII as raw UTF-8) with `content-type: application/json`;
 *   a binary `to_rest()` result gets `inference-header-content-length: <json bytes>` and
 *   `content-type: application/octet-stream`. httpx adds Host, Accept, Accept-Encoding,
 *   Connection, User-Agent and Content-Length.
 * - python/kserve/kserve/protocol/infer_type.py `InferRequest.to_rest`: keys `id` (a uuid4
 *   when none is given), `model_name`, `inputs` (`name`, `shape`, `datatype`, then
 *   `parameters` if any, then `data` unless binary), `outputs`, `parameters`;
 *   `InferInput.set_data_from_numpy` defaults to binary, setting `binary_data_size`;
 *   `serialize_byte_tensor` writes a 4-byte little-endian length before each element.
 * - constants/constants.py: INFERENCE_CONTENT_LENGTH_HEADER = "inference-header-content-length".
 *
 * Triton Python HTTP client, triton-inference-server/client @ 58a44caa0dce77303115302e6dbdf64626b2b093:
 * - src/python/library/tritonclient/http/_utils.py `_get_inference_request`: `id` only when
 *   given; `inputs`; `outputs` when requested, else request parameter
 *   `binary_data_output: true`; `rapidjson.dumps` (compact, ASCII-escaped); the binary
 *   parts appended, and `Inference-Header-Content-Length` = len(json).
 * - _infer_input.py: `set_data_from_numpy(binary_data=True)` by default; `_get_tensor` omits
 *   empty parameters. _requested_output.py: `InferRequestedOutput(name)` sends
 *   `{"binary_data": true}`.
 * - _client.py `infer`/`_post`: no Content-Type at all; geventhttpclient
 *   (geventhttpclient/geventhttpclient @ 231947d955c15e414454621c905b0211a604d235,
 *   src/geventhttpclient/client.py `_build_request`) writes User-Agent, the caller's headers,
 *   Host, Content-Length.
 * - aio/__init__.py: aiohttp posts `bytes`, which aiohttp types application/octet-stream.
 * - _infer_result.py: reads `Inference-Header-Content-Length`, then each output's
 *   `binary_data_size` bytes in output order.
 */
import { expect } from 'chai';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { deserializeByteTensor, float32Bytes, serializeByteTensor, splitBinaryResponse } from '../protocol/support/binary-body.js';
import { rawRequest, sendRaw } from '../protocol/support/raw-http.js';
import { startTestApp, type TestApp, useTestAppHooks } from '../protocol/support/start-test-app.js';

/** Our own sample episode, with non-ASCII text to exercise UTF-8 handling. */
const EPISODE = '{"title":"Café talk","transcript":"Host: Bonjour — welcome."}';
/** The same text as rapidjson writes it inside a JSON string (ensure_ascii). */
const EPISODE_RAPIDJSON = '{\\"title\\":\\"Caf\\u00e9 talk\\",\\"transcript\\":\\"Host: Bonjour \\u2014 welcome.\\"}';
/** The same text as orjson writes it inside a JSON string (raw UTF-8). */
const EPISODE_ORJSON = '{\\"title\\":\\"Café talk\\",\\"transcript\\":\\"Host: Bonjour — welcome.\\"}';
const REQUEST_ID = '5f0c3c0e-8f7e-4a4e-9d0b-1c2f3a4b5c6d';

const text = (bytes: unknown) => new TextDecoder().decode(bytes as Uint8Array);

function httpxHeaders(port: number, contentLength: number, extra: readonly string[]): string[] {
  return [
    `Host: 127.0.0.1:${port}`,
    'Accept: */*',
    'Accept-Encoding: gzip, deflate',
    'Connection: keep-alive',
    'User-Agent: python-httpx/0.28.1',
    `Content-Length: ${contentLength}`,
    ...extra,
  ];
}

function geventHeaders(port: number, contentLength: number, extra: readonly string[] = []): string[] {
  return ['User-Agent: python/gevent-http-client-2.3.5', ...extra, `Host: 127.0.0.1:${port}`, `Content-Length: ${contentLength}`];
}

describe('createApp: requests of the KServe and Triton Python clients', () => {
  let app: TestApp | undefined;
  useTestAppHooks(() => app);

  it('accepts the JSON request the KServe Python SDK sends (InferInput with data=[...])', async () => {
    app = await startTestApp();
    const body = Buffer.from(
      `{"id":"${REQUEST_ID}","model_name":"fake-model","inputs":[{"name":"episode","shape":[1],"datatype":"BYTES","data":["${EPISODE_ORJSON}"]}]}`,
    );
    const response = await sendRaw(
      app.port,
      rawRequest(
        'POST /v2/models/fake-model/infer HTTP/1.1',
        httpxHeaders(app.port, body.byteLength, ['content-type: application/json']),
        body,
      ),
    );
    expect(response.status).to.equal(200);
    // InferResponse.from_bytes needs model_name, and data for outputs without binary_data_size.
    expect(JSON.parse(response.body.toString('utf8'))).to.deep.equal({
      model_name: 'fake-model',
      id: REQUEST_ID,
      outputs: [{ name: 'episode', shape: [1], datatype: 'BYTES', data: [EPISODE] }],
    });
    expect(text(app.model.calls[0]!.request.inputs[0]!.data[0])).to.equal(EPISODE);
  });

  it('accepts the binary request the KServe Python SDK sends (set_data_from_numpy, binary by default)', async () => {
    app = await startTestApp();
    const raw = serializeByteTensor([EPISODE]);
    const json = Buffer.from(
      `{"id":"${REQUEST_ID}","model_name":"fake-model","inputs":[{"name":"episode","shape":[1],"datatype":"BYTES","parameters":{"binary_data_size":${raw.byteLength}}}],"parameters":{"binary_data_output":true}}`,
    );
    const body = Buffer.concat([json, raw]);
    const headers = httpxHeaders(app.port, body.byteLength, [
      `inference-header-content-length: ${json.byteLength}`,
      'content-type: application/octet-stream',
    ]);
    const response = await sendRaw(app.port, rawRequest('POST /v2/models/fake-model/infer HTTP/1.1', headers, body));
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.equal('application/octet-stream');
    const { header, binary } = splitBinaryResponse(response.body, Number(response.headers['inference-header-content-length']));
    expect(header).to.deep.include({ model_name: 'fake-model', id: REQUEST_ID });
    expect(deserializeByteTensor(binary.get('episode')!)).to.deep.equal([EPISODE]);
  });

  it('gives the KServe Python SDK an error body it can read (exact application/json)', async () => {
    app = await startTestApp();
    const body = Buffer.from('{"id":"1","model_name":"nope","inputs":[]}');
    const response = await sendRaw(
      app.port,
      rawRequest('POST /v2/models/nope/infer HTTP/1.1', httpxHeaders(app.port, body.byteLength, ['content-type: application/json']), body),
    );
    expect(response.status).to.equal(404);
    expect(response.headers['content-type']).to.equal('application/json');
    expect(JSON.parse(response.body.toString('utf8'))).to.deep.equal({ error: 'Model with name nope does not exist.' });
  });

  it('accepts the JSON request the Triton Python HTTP client sends (binary_data=False, no Content-Type)', async () => {
    app = await startTestApp();
    const body = Buffer.from(
      `{"inputs":[{"name":"episode","shape":[1],"datatype":"BYTES","data":["${EPISODE_RAPIDJSON}"]}],"parameters":{"binary_data_output":true}}`,
    );
    const response = await sendRaw(
      app.port,
      rawRequest('POST /v2/models/fake-model/infer HTTP/1.1', geventHeaders(app.port, body.byteLength), body),
    );
    expect(response.status).to.equal(200);
    // No outputs named, so the client asked for every output in binary.
    const { header, binary } = splitBinaryResponse(response.body, Number(response.headers['inference-header-content-length']));
    expect(header).to.not.have.property('id');
    expect(deserializeByteTensor(binary.get('episode')!)).to.deep.equal([EPISODE]);
    expect(text(app.model.calls[0]!.request.inputs[0]!.data[0])).to.equal(EPISODE);
    expect(app.model.calls[0]!.request).to.not.have.property('parameters');
  });

  it('accepts the binary request the Triton Python HTTP client sends (set_data_from_numpy default)', async () => {
    app = await startTestApp();
    const raw = serializeByteTensor([EPISODE, 'second']);
    const json = Buffer.from(
      `{"inputs":[{"name":"episode","shape":[2],"datatype":"BYTES","parameters":{"binary_data_size":${raw.byteLength}}}],"parameters":{"binary_data_output":true}}`,
    );
    const body = Buffer.concat([json, raw]);
    const headers = geventHeaders(app.port, body.byteLength, [`Inference-Header-Content-Length: ${json.byteLength}`]);
    const response = await sendRaw(app.port, rawRequest('POST /v2/models/fake-model/infer HTTP/1.1', headers, body));
    expect(response.status).to.equal(200);
    const { binary } = splitBinaryResponse(response.body, Number(response.headers['inference-header-content-length']));
    expect(deserializeByteTensor(binary.get('episode')!)).to.deep.equal([EPISODE, 'second']);
  });

  it('accepts the Triton client request with a binary FP32 input and a requested output', async () => {
    app = await startTestApp({ models: [new FakePredictorModel({ inputs: [{ name: 'scores', datatype: 'FP32', shape: [1, 3] }] })] });
    const raw = float32Bytes([0.25, 0.5, 0.75]);
    const json = Buffer.from(
      '{"inputs":[{"name":"scores","shape":[1,3],"datatype":"FP32","parameters":{"binary_data_size":12}}],"outputs":[{"name":"scores","parameters":{"binary_data":true}}]}',
    );
    const body = Buffer.concat([json, raw]);
    const headers = geventHeaders(app.port, body.byteLength, [`Inference-Header-Content-Length: ${json.byteLength}`]);
    const response = await sendRaw(app.port, rawRequest('POST /v2/models/fake-model/infer HTTP/1.1', headers, body));
    const { header, binary } = splitBinaryResponse(response.body, Number(response.headers['inference-header-content-length']));
    expect(header.outputs).to.deep.equal([{ name: 'scores', shape: [1, 3], datatype: 'FP32', parameters: { binary_data_size: 12 } }]);
    expect(binary.get('scores')).to.deep.equal(raw);
  });

  it('accepts the JSON request the Triton asyncio client sends (typed application/octet-stream)', async () => {
    app = await startTestApp();
    const body = Buffer.from(
      `{"inputs":[{"name":"episode","shape":[1],"datatype":"BYTES","data":["${EPISODE_RAPIDJSON}"]}],"outputs":[{"name":"episode","parameters":{"binary_data":false}}]}`,
    );
    const headers = [
      `Host: 127.0.0.1:${app.port}`,
      'User-Agent: Python/3.12 aiohttp/3.11.11',
      'Accept: */*',
      'Accept-Encoding: gzip, deflate',
      `Content-Length: ${body.byteLength}`,
      'Content-Type: application/octet-stream',
    ];
    const response = await sendRaw(app.port, rawRequest('POST /v2/models/fake-model/infer HTTP/1.1', headers, body));
    expect(response.status).to.equal(200);
    expect(JSON.parse(response.body.toString('utf8')).outputs[0].data).to.deep.equal([EPISODE]);
  });
});
