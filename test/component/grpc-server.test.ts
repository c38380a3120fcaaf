import { status as Status } from '@grpc/grpc-js';
import { expect } from 'chai';
import type { ModelResponse } from '../../predictor/contract/tensor.js';
import { ContentBlockedError, LlmUnavailableError, RateLimitedError } from '../../predictor/errors.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { bytesInput, startGrpcTestApp, type GrpcTestApp } from '../protocol/grpc/support/grpc-test-app.js';
import { useHttp2WithoutNock } from '../protocol/grpc/support/grpc-without-nock.js';

interface InferResponse {
  model_name: string;
  model_version?: string;
  id?: string;
  parameters?: Record<string, Record<string, unknown>>;
  outputs: {
    name: string;
    datatype: string;
    shape: string[];
    parameters?: Record<string, unknown>;
    contents?: { bytes_contents: Buffer[]; int_contents: number[] };
  }[];
  raw_output_contents: Buffer[];
}

const texts = (contents: { bytes_contents: Buffer[] } | undefined) => contents?.bytes_contents.map((bytes) => bytes.toString());

describe('gRPC GRPCInferenceService (loopback, grpc-js client)', () => {
  let app: GrpcTestApp | undefined;
  useHttp2WithoutNock();
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers ServerLive, ServerReady, ServerMetadata, ModelReady and ModelMetadata from the data plane', async () => {
    const model = new FakePredictorModel({ isReady: false });
    app = await startGrpcTestApp({ models: [model] });
    const client = app.client();
    expect((await client.call('ServerLive', {})).response).to.deep.equal({ live: true });
    expect((await client.call('ServerReady', {})).response).to.deep.equal({ ready: false });
    expect((await client.call('ModelReady', { name: 'fake-model' })).response).to.deep.equal({ ready: false });
    model.setReady(true);
    expect((await client.call('ServerReady', {})).response).to.deep.equal({ ready: true });
    expect((await client.call('ModelReady', { name: 'fake-model', version: '1' })).response).to.deep.equal({ ready: true });
    expect((await client.call('ServerMetadata', {})).response).to.deep.equal({
      name: 'test-predictor',
      version: '0.0.1',
      extensions: ['binary_tensor_data'],
    });
    expect((await client.call('ModelMetadata', { name: 'fake-model' })).response).to.deep.equal({
      name: 'fake-model',
      versions: ['1'],
      platform: 'fake',
      inputs: [{ name: 'episode', datatype: 'BYTES', shape: ['-1'] }],
      outputs: [{ name: 'episode', datatype: 'BYTES', shape: ['-1'] }],
    });
  });

  it('infers with typed contents: the id is echoed, outputs come back typed, parameters reach the model', async () => {
    app = await startGrpcTestApp();
    const { response } = await app.client().call<InferResponse>('ModelInfer', {
      model_name: 'fake-model',
      id: 'grpc-1',
      parameters: { prompt_version: { string_param: 'v2' } },
      inputs: [bytesInput(['first', 'second'])],
    });
    expect(response?.id).to.equal('grpc-1');
    expect(response?.model_name).to.equal('fake-model');
    expect(response?.model_version).to.equal(undefined);
    expect(response?.raw_output_contents).to.deep.equal([]);
    expect(response?.outputs.map((output) => [output.name, output.datatype, output.shape])).to.deep.equal([['episode', 'BYTES', ['2']]]);
    expect(texts(response?.outputs[0]?.contents)).to.deep.equal(['first', 'second']);
    expect(app.model.calls[0]?.request.parameters).to.deep.equal({ prompt_version: 'v2' });
  });

  it('infers with raw_input_contents and answers raw_output_contents, length-prefixed as clients decode them', async () => {
    app = await startGrpcTestApp();
    const element = Buffer.from('raw episode');
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32LE(element.byteLength);
    const { response } = await app.client().call<InferResponse>('ModelInfer', {
      model_name: 'fake-model',
      model_version: '1',
      inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1] }],
      raw_input_contents: [Buffer.concat([prefix, element])],
    });
    expect(response?.model_version).to.equal('1');
    expect(response?.outputs[0]?.contents).to.equal(undefined);
    expect(response?.raw_output_contents.map((bytes) => bytes.toString('hex'))).to.deep.equal([
      Buffer.concat([prefix, element]).toString('hex'),
    ]);
  });

  it('filters outputs and passes output parameters, as REST does', async () => {
    const model = new FakePredictorModel({
      outputs: [
        { name: 'report', datatype: 'BYTES', shape: [-1] },
        { name: 'summary', datatype: 'BYTES', shape: [-1] },
      ],
      script: [
        {
          outputs: [
            { name: 'report', datatype: 'BYTES', shape: [1], data: ['# report'] },
            { name: 'summary', datatype: 'BYTES', shape: [1], data: ['{}'] },
          ],
        },
      ],
    });
    app = await startGrpcTestApp({ models: [model] });
    const { response } = await app.client().call<InferResponse>('ModelInfer', {
      model_name: 'fake-model',
      inputs: [bytesInput(['x'])],
      outputs: [{ name: 'summary', parameters: { note: { bool_param: true } } }],
    });
    expect(response?.outputs.map((output) => output.name)).to.deep.equal(['summary']);
    expect(response?.outputs[0]?.parameters).to.deep.equal({ note: { bool_param: true, parameter_choice: 'bool_param' } });
  });

  it('keeps the batch dimension: N elements in, element i of every output for element i', async () => {
    app = await startGrpcTestApp();
    const batch = ['a', 'b', 'c'];
    const { response } = await app.client().call<InferResponse>('ModelInfer', { model_name: 'fake-model', inputs: [bytesInput(batch)] });
    expect(response?.outputs[0]?.shape).to.deep.equal(['3']);
    expect(app.model.calls[0]?.request.inputs[0]?.shape).to.deep.equal([3]);
    expect(texts(response?.outputs[0]?.contents)).to.deep.equal(batch);
  });

  describe('error statuses', () => {
    const cases = [
      {
        name: 'an invalid tensor → INVALID_ARGUMENT naming the field',
        request: {
          model_name: 'fake-model',
          inputs: [{ name: 'episode', datatype: 'BYTES', shape: [2], contents: { bytes_contents: [Buffer.from('x')] } }],
        },
        code: Status.INVALID_ARGUMENT,
        details: /inputs\[0\]/,
      },
      {
        name: 'an unknown output → INVALID_ARGUMENT',
        request: { model_name: 'fake-model', inputs: [bytesInput(['x'])], outputs: [{ name: 'nope' }] },
        code: Status.INVALID_ARGUMENT,
        details: /Requested output 'nope' does not exist/,
      },
      {
        name: 'an unknown model → NOT_FOUND',
        request: { model_name: 'nope', inputs: [bytesInput(['x'])] },
        code: Status.NOT_FOUND,
        details: /Model with name nope does not exist/,
      },
      {
        name: 'another version → UNIMPLEMENTED',
        request: { model_name: 'fake-model', model_version: '7', inputs: [bytesInput(['x'])] },
        code: Status.UNIMPLEMENTED,
        details: /version 7 is not served/,
      },
    ] as const;
    for (const testCase of cases) {
      it(testCase.name, async () => {
        app = await startGrpcTestApp();
        const { error } = await app.client().call('ModelInfer', testCase.request);
        expect(error?.code).to.equal(testCase.code);
        expect(error?.details).to.match(testCase.details);
        expect(app.model.calls).to.have.length(0);
      });
    }

    it('a model that is not ready → UNAVAILABLE with retry advice', async () => {
      app = await startGrpcTestApp({ models: [new FakePredictorModel({ isReady: false })] });
      const { error } = await app.client().call('ModelInfer', { model_name: 'fake-model', inputs: [bytesInput(['x'])] });
      expect([error?.code, error?.details]).to.deep.equal([Status.UNAVAILABLE, 'Model fake-model is not ready']);
      expect(error?.metadata.get('retry-after')).to.deep.equal(['1']);
      expect(error?.metadata.get('grpc-status-details-bin')).to.have.length(1);
    });

    const modelErrors = [
      {
        error: new RateLimitedError('Rate limit of 2 requests per minute reached', { retryAfterSeconds: 30 }),
        code: Status.RESOURCE_EXHAUSTED,
        retryAfter: ['30'],
      },
      { error: new LlmUnavailableError('The LLM is unavailable', 503), code: Status.UNAVAILABLE, retryAfter: ['1'] },
      { error: new ContentBlockedError('The content was blocked by a guardrail'), code: Status.INVALID_ARGUMENT, retryAfter: [] },
    ];
    for (const { error: thrown, code, retryAfter } of modelErrors) {
      it(`a model's ${thrown.code} → ${Status[code]} with its message`, async () => {
        app = await startGrpcTestApp({ models: [new FakePredictorModel({ script: [thrown] })] });
        const { error } = await app.client().call('ModelInfer', { model_name: 'fake-model', inputs: [bytesInput(['x'])] });
        expect([error?.code, error?.details]).to.deep.equal([code, thrown.message]);
        expect(error?.metadata.get('retry-after')).to.deep.equal(retryAfter);
      });
    }

    it('a bug → INTERNAL "internal error"; the stack goes to the log only', async () => {
      app = await startGrpcTestApp({ models: [new FakePredictorModel({ script: [new TypeError('secret /srv/path exploded')] })] });
      const { error } = await app.client().call('ModelInfer', { model_name: 'fake-model', inputs: [bytesInput(['x'])] });
      expect([error?.code, error?.details]).to.deep.equal([Status.INTERNAL, 'internal error']);
      const [logged] = app.logger.withMessage('unhandled error');
      expect(logged?.fields.method).to.equal('/inference.GRPCInferenceService/ModelInfer');
    });

    it('a message over the body limit → RESOURCE_EXHAUSTED before the model runs', async () => {
      app = await startGrpcTestApp({ maxMessageBytes: 4096 });
      const { error } = await app.client().call('ModelInfer', { model_name: 'fake-model', inputs: [bytesInput(['x'.repeat(8192)])] });
      expect(error?.code).to.equal(Status.RESOURCE_EXHAUSTED);
      expect(app.model.calls).to.have.length(0);
    });

    it('ModelMetadata of an unknown model → NOT_FOUND', async () => {
      app = await startGrpcTestApp();
      const { error } = await app.client().call('ModelMetadata', { name: 'nope' });
      expect(error?.code).to.equal(Status.NOT_FOUND);
    });
  });

  it('counts REST requests and gRPC calls against one CONTAINER_CONCURRENCY: a held call of either refuses the other', async () => {
    const held = Promise.withResolvers<ModelResponse>();
    const model = new FakePredictorModel({ script: [() => held.promise] });
    app = await startGrpcTestApp({ models: [model], maxConcurrentCalls: 1 });
    const rest = (title: string) =>
      fetch(`http://127.0.0.1:${app!.httpPort}/v2/models/fake-model/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [title] }] }),
      });
    const client = app.client();

    const called = model.nextCall();
    const heldRest = rest('held over REST');
    await called;
    const refusedGrpc = await client.call('ModelInfer', { model_name: 'fake-model', inputs: [bytesInput(['one more'])] });
    held.resolve({ outputs: [] });
    expect((await heldRest).status).to.equal(200);

    const heldAgain = Promise.withResolvers<ModelResponse>();
    model.enqueue(() => heldAgain.promise);
    const calledAgain = model.nextCall();
    const heldGrpc = client.call('ModelInfer', { model_name: 'fake-model', inputs: [bytesInput(['held over gRPC'])] });
    await calledAgain;
    const refusedRest = await rest('one more');
    heldAgain.resolve({ outputs: [] });

    expect(refusedGrpc.error?.code).to.equal(Status.UNAVAILABLE);
    expect(refusedRest.status).to.equal(503);
    expect((await heldGrpc).error).to.equal(undefined);
  });

  it('refuses an inference call past CONTAINER_CONCURRENCY with UNAVAILABLE and retry advice, and admits again once one ends', async () => {
    let finishModel: () => void = () => undefined;
    const model = new FakePredictorModel({
      script: [(request) => new Promise((resolve) => (finishModel = () => resolve({ outputs: request.inputs })))],
    });
    app = await startGrpcTestApp({ models: [model], maxConcurrentCalls: 1 });
    const client = app.client();
    const called = model.nextCall();
    const held = client.call('ModelInfer', { model_name: 'fake-model', inputs: [bytesInput(['held'])] });
    await called;
    const refused = await client.call('ModelInfer', { model_name: 'fake-model', inputs: [bytesInput(['one more'])] });
    expect([refused.error?.code, refused.error?.metadata.get('retry-after')]).to.deep.equal([Status.UNAVAILABLE, ['1']]);
    expect(refused.error?.details).to.match(/limit of 1 requests at once/);
    const stream = client.raw.ModelStreamInfer!() as {
      once(event: string, listener: (error: { code: number }) => void): void;
      end(): void;
    };
    const streamError = new Promise<{ code: number }>((resolve) => stream.once('error', resolve));
    expect((await streamError).code).to.equal(Status.UNAVAILABLE);
    expect((await client.call('ServerLive', {})).response).to.deep.equal({ live: true });
    finishModel();
    expect((await held).error).to.equal(undefined);
    const again = await client.call('ModelInfer', { model_name: 'fake-model', inputs: [bytesInput(['after'])] });
    expect(again.error).to.equal(undefined);
  });

  it('logs one line per call and counts it in the gRPC metrics, labelled protocol="grpc" with method, model and code', async () => {
    app = await startGrpcTestApp();
    const client = app.client();
    await client.call('ModelInfer', { model_name: 'fake-model', inputs: [bytesInput(['x'])] }, { metadata: { 'x-request-id': 'req-42' } });
    await client.call('ModelInfer', { model_name: 'ghost', inputs: [bytesInput(['x'])] });
    const lines = app.logger.withMessage('grpc request');
    expect(lines.map((line) => [line.fields.code, line.fields.model])).to.deep.equal([
      ['OK', 'fake-model'],
      ['NOT_FOUND', 'ghost'],
    ]);
    expect(lines[0]?.fields.request_id).to.equal('req-42');
    const { body } = await app.metrics.render();
    expect(body).to.include(
      'predictor_grpc_requests_total{protocol="grpc",method="/inference.GRPCInferenceService/ModelInfer",model="fake-model",code="OK"} 1',
    );
    expect(body).to.include(
      'predictor_grpc_requests_total{protocol="grpc",method="/inference.GRPCInferenceService/ModelInfer",model="unknown",code="NOT_FOUND"} 1',
    );
    expect(app.model.calls[0]?.context.requestId).to.equal('req-42');
  });

  it('sends the request id back as x-request-id metadata', async () => {
    app = await startGrpcTestApp();
    const metadata = await new Promise<Record<string, unknown>>((resolve) => {
      const call = app!.client().raw.ServerLive!({}, () => undefined) as {
        on(event: string, listener: (metadata: { getMap(): Record<string, unknown> }) => void): void;
      };
      call.on('metadata', (received) => resolve(received.getMap()));
    });
    expect(metadata['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });
});
