import { expect } from 'chai';
import { invokeGrpc } from '../../../scripts/deploy/invoke-grpc.js';
import { formatInferenceResponse } from '../../../scripts/deploy/inference-request.js';
import { ForbiddenError } from '../../../predictor/errors.js';
import { FakePredictorModel } from '../../fakes/fake-predictor-model.js';
import { startGrpcTestApp, type GrpcTestApp } from '../../protocol/grpc/support/grpc-test-app.js';
import { useHttp2WithoutNock } from '../../protocol/grpc/support/grpc-without-nock.js';

describe('invokeGrpc', () => {
  let app: GrpcTestApp | undefined;
  useHttp2WithoutNock();
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('sends the episodes as one BYTES tensor with the key and id as metadata, and returns the REST-shaped answer', async () => {
    const model = new FakePredictorModel({
      outputs: [{ name: 'report', datatype: 'BYTES', shape: [-1] }],
      script: [
        {
          parameters: { llm_backend: 'emulator', output_tokens: 12, partial: false },
          outputs: [{ name: 'report', datatype: 'BYTES', shape: [1], data: ['# Report'] }],
        },
      ],
    });
    const seen: string[] = [];
    app = await startGrpcTestApp({
      models: [model],
      accessGuard: {
        authenticate: async (credentials) => {
          seen.push(credentials.bearerToken ?? '');
          return { id: 'caller', roles: ['analyst'], authMethod: 'api-key' };
        },
        authorize: () => undefined,
      },
    });
    const episode = { title: 'One', transcript: 'Ann: Hello.' };
    const result = await invokeGrpc({
      target: `127.0.0.1:${app.httpPort}`,
      modelName: 'fake-model',
      episodes: [episode],
      requestId: 'inv-1',
      timeoutMs: 30000,
      apiKey: 'secret-key',
    });
    expect(result).to.deep.equal({
      ok: true,
      body: {
        model_name: 'fake-model',
        id: 'inv-1',
        parameters: { llm_backend: 'emulator', output_tokens: 12, partial: false },
        outputs: [{ name: 'report', datatype: 'BYTES', shape: [1], data: ['# Report'] }],
      },
    });
    expect(seen).to.deep.equal(['secret-key']);
    const request = model.calls[0]?.request;
    expect(new TextDecoder().decode(request?.inputs[0]?.data[0] as Uint8Array)).to.equal(JSON.stringify(episode));
    expect(model.calls[0]?.context.requestId).to.equal('inv-1');
    if (result.ok) expect(formatInferenceResponse(result.body)).to.equal('== report (BYTES [1])\n-- [0]\n# Report\n');
  });

  it('resolves with the status name and message of a refusal', async () => {
    app = await startGrpcTestApp({
      accessGuard: {
        authenticate: async () => ({ id: 'caller', roles: [], authMethod: 'api-key' }),
        authorize: () => {
          throw new ForbiddenError('Not allowed to infer on fake-model');
        },
      },
    });
    const result = await invokeGrpc({
      target: `127.0.0.1:${app.grpcPort}`,
      modelName: 'fake-model',
      episodes: [{}],
      requestId: 'inv-2',
      timeoutMs: 30000,
    });
    expect(result).to.deep.equal({ ok: false, code: 'PERMISSION_DENIED', message: 'Not allowed to infer on fake-model' });
  });
});
