import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { ANONYMOUS_PRINCIPAL, type AgentPart, type RequestContext } from '../../../predictor/contract/request-context.js';
import type { ModelResponse } from '../../../predictor/contract/tensor.js';
import { createDataPlane } from '../../../predictor/dataplane/data-plane.js';
import { createModelRegistry } from '../../../predictor/dataplane/model-registry.js';
import { InvalidInputError, UnauthorizedError } from '../../../predictor/errors.js';
import { decodeModelInferRequest, encodeModelInferResponse } from '../../../predictor/protocol/grpc/grpc-tensor-codec.js';
import type { ModelInferRequest, ModelStreamInferResponse } from '../../../predictor/protocol/grpc/grpc-wire-types.js';
import {
  createModelStreamInferHandler,
  FINAL_RESPONSE_PARAMETER,
  type ModelStreamInferCall,
} from '../../../predictor/protocol/grpc/model-stream-infer.js';
import { createInferenceRequestValidator } from '../../../predictor/protocol/validate-inference-request.js';
import { FakePredictorModel } from '../../fakes/fake-predictor-model.js';

const OUTPUTS = ['report', 'summary', 'insights'].map((name) => ({ name, datatype: 'BYTES' as const, shape: [-1] }));

/** A duplex call double: records what the handler writes and whether it ended the call. */
class FakeCall extends EventEmitter {
  readonly written: ModelStreamInferResponse[] = [];
  cancelled = false;
  destroyed = false;
  writableEnded = false;
  readonly ended = Promise.withResolvers<void>();
  write(message: ModelStreamInferResponse): boolean {
    this.written.push(message);
    this.emit('written', message);
    return true;
  }
  end(): void {
    this.writableEnded = true;
    this.ended.resolve();
  }
}

function part(agent: string, name: string, element: unknown, error?: AgentPart['error']): AgentPart {
  return {
    episodeIndex: 0,
    agent,
    outputs: [{ name, datatype: 'BYTES', shape: [1], data: [JSON.stringify(element)] }],
    text: `## ${agent}\n`,
    ...(error ? { error } : {}),
  };
}

const FINAL: ModelResponse = {
  outputs: OUTPUTS.map(({ name }) => ({ name, datatype: 'BYTES', shape: [1], data: [`${name}-final`] })),
  parameters: { partial: true, input_tokens: 120, output_tokens: 30 },
};

function request(id: string, overrides: Partial<ModelInferRequest> = {}): ModelInferRequest {
  return {
    model_name: 'podcast-pipeline',
    id,
    inputs: [{ name: 'episode', datatype: 'BYTES', shape: ['1'], contents: { bytes_contents: [Buffer.from('{"title":"t"}')] } }],
    ...overrides,
  };
}

function setup(model: FakePredictorModel, contextOf?: (call: ModelStreamInferCall, modelName: string) => Promise<RequestContext>) {
  const dataPlane = createDataPlane({
    registry: createModelRegistry([model]),
    serverMetadata: { name: 's', version: '1', extensions: [] },
  });
  const validate = createInferenceRequestValidator();
  const handler = createModelStreamInferHandler({
    dataPlane,
    decodeRequest: (message) => decodeModelInferRequest(message, validate),
    encodeResponse: encodeModelInferResponse,
    contextOf:
      contextOf ??
      (async () => ({
        requestId: 'r',
        signal: new AbortController().signal,
        deadlineAtMs: Number.MAX_SAFE_INTEGER,
        principal: ANONYMOUS_PRINCIPAL,
      })),
    errorMessageOf: (error) => (error instanceof Error ? error.message : 'internal error'),
  });
  const call = new FakeCall();
  handler(call as unknown as ModelStreamInferCall);
  return call;
}

const parameter = (message: ModelStreamInferResponse | undefined, key: string) => message?.infer_response?.parameters?.[key];

describe('createModelStreamInferHandler', () => {
  it('answers one response per agent as it finishes, then the final response with every output and the totals', async () => {
    const gate = Promise.withResolvers<void>();
    const model = new FakePredictorModel({
      name: 'podcast-pipeline',
      outputs: OUTPUTS,
      script: [
        async (_request, context) => {
          context.progress?.agentFinished(part('summarizer', 'summary', { overview: 'o' }));
          await gate.promise;
          context.progress?.agentFinished(
            part(
              'insights',
              'insights',
              { error: { code: 'llm_unavailable', message: 'down' } },
              { code: 'llm_unavailable', message: 'down' },
            ),
          );
          return FINAL;
        },
      ],
    });
    const call = setup(model);
    const first = new Promise<ModelStreamInferResponse>((resolve) => call.once('written', resolve));

    call.emit('data', request('a'));
    // The summarizer's response is out while the run is still held: streamed, not buffered.
    const summary = await first;
    expect(call.written).to.have.length(1);
    gate.resolve();
    call.emit('end');
    await call.ended.promise;

    const [, insights, final] = call.written;
    expect(call.written).to.have.length(3);
    expect(summary.infer_response?.outputs.map((output) => output.name)).to.deep.equal(['summary']);
    expect(summary.infer_response?.id).to.equal('a');
    expect(parameter(summary, 'agent')).to.deep.include({ string_param: 'summarizer' });
    expect(parameter(summary, FINAL_RESPONSE_PARAMETER)).to.deep.include({ bool_param: false });
    expect(parameter(insights, 'agent_error_code')).to.deep.include({ string_param: 'llm_unavailable' });
    expect(Buffer.from(insights?.infer_response?.outputs[0]?.contents?.bytes_contents?.[0] ?? []).toString()).to.include('"error"');
    expect(final?.infer_response?.outputs.map((output) => output.name)).to.deep.equal(['report', 'summary', 'insights']);
    expect(parameter(final, FINAL_RESPONSE_PARAMETER)).to.deep.include({ bool_param: true });
    expect(parameter(final, 'partial')).to.deep.include({ bool_param: true });
    expect(final?.infer_response?.id).to.equal('a');
  });

  it('keeps to the outputs a request names, in the agent responses too', async () => {
    const model = new FakePredictorModel({
      name: 'podcast-pipeline',
      outputs: OUTPUTS,
      script: [
        (_request, context) => {
          context.progress?.agentFinished(part('summarizer', 'summary', {}));
          context.progress?.agentFinished(part('insights', 'insights', {}));
          return FINAL;
        },
      ],
    });
    const call = setup(model);
    call.emit('data', request('b', { outputs: [{ name: 'insights' }] }));
    call.emit('end');
    await call.ended.promise;

    expect(call.written.map((message) => message.infer_response?.outputs.map((output) => output.name))).to.deep.equal([
      [],
      ['insights'],
      ['insights'],
    ]);
  });

  it('answers a failed request with error_message and keeps the stream open for the next request', async () => {
    const model = new FakePredictorModel({
      name: 'podcast-pipeline',
      outputs: OUTPUTS,
      script: [new InvalidInputError('episode[0]: bad'), FINAL],
    });
    const call = setup(model);

    call.emit('data', request('bad'));
    await new Promise((resolve) => call.once('written', resolve));
    call.emit('data', request('good'));
    call.emit('end');
    await call.ended.promise;

    expect(call.written[0]).to.deep.equal({ error_message: 'episode[0]: bad' });
    expect(call.written[1]?.infer_response?.id).to.equal('good');
    expect(parameter(call.written[1], FINAL_RESPONSE_PARAMETER)).to.deep.include({ bool_param: true });
  });

  it('refuses a request whose credentials fail, before the model runs, and answers the others', async () => {
    const model = new FakePredictorModel({ name: 'podcast-pipeline', outputs: OUTPUTS, script: [FINAL] });
    let calls = 0;
    const call = setup(model, async () => {
      calls++;
      if (calls === 1) throw new UnauthorizedError('Missing credentials');
      return {
        requestId: 'r',
        signal: new AbortController().signal,
        deadlineAtMs: Number.MAX_SAFE_INTEGER,
        principal: ANONYMOUS_PRINCIPAL,
      };
    });

    call.emit('data', request('first'));
    await new Promise((resolve) => call.once('written', resolve));
    call.emit('data', request('second'));
    call.emit('end');
    await call.ended.promise;

    expect(call.written[0]).to.deep.equal({ error_message: 'Missing credentials' });
    expect(model.calls).to.have.length(1);
    expect(call.written[1]?.infer_response?.id).to.equal('second');
  });

  it('writes nothing more once the client cancelled, and its run sees the abort', async () => {
    const controller = new AbortController();
    const aborted = Promise.withResolvers<void>();
    const model = new FakePredictorModel({
      name: 'podcast-pipeline',
      outputs: OUTPUTS,
      script: [
        (_request, context) =>
          new Promise<ModelResponse>((_resolve, reject) => {
            context.signal.addEventListener('abort', () => {
              aborted.resolve();
              reject(new Error('cancelled'));
            });
          }),
      ],
    });
    const call = setup(model, async () => ({
      requestId: 'r',
      signal: controller.signal,
      deadlineAtMs: Number.MAX_SAFE_INTEGER,
      principal: ANONYMOUS_PRINCIPAL,
    }));
    const running = model.nextCall();
    call.emit('data', request('c'));
    await running;

    call.cancelled = true;
    controller.abort();
    await aborted.promise;
    // One macrotask turn: the handler's rejection path (promises only, no I/O) has run.
    await new Promise((resolve) => setImmediate(resolve));

    expect(call.written).to.deep.equal([]);
  });
});
