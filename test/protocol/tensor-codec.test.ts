import { expect } from 'chai';
import { InvalidInputError, NotImplementedError } from '../../predictor/errors.js';
import type { ModelResponse } from '../../predictor/contract/tensor.js';
import { encodeBinaryTensor } from '../../predictor/protocol/binary-tensor.js';
import { decodeInferenceRequest, encodeInferenceResponse, type ResponseFormat } from '../../predictor/protocol/tensor-codec.js';
import type { InferenceRequest } from '../../predictor/protocol/wire-types.js';

const JSON_FORMAT: ResponseFormat = { binaryDataOutput: false, binaryByOutput: new Map() };
const text = (bytes: unknown) => new TextDecoder().decode(bytes as Uint8Array);

function decodeFailure(wire: InferenceRequest, binary?: Uint8Array): Error {
  try {
    decodeInferenceRequest(wire, binary);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected decode to fail');
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((part) => [...part]));
}

describe('decodeInferenceRequest', () => {
  it('turns a JSON request into a ModelRequest with id, parameters and requested outputs', () => {
    const { request, format } = decodeInferenceRequest({
      id: '42',
      parameters: { temperature: 0.2 },
      inputs: [{ name: 'episode', shape: [1], datatype: 'BYTES', data: ['{"title":"t"}'], parameters: { content_type: 'str' } }],
      outputs: [{ name: 'summary', parameters: { max_words: 50 } }],
    });
    expect(request.id).to.equal('42');
    expect(request.parameters).to.deep.equal({ temperature: 0.2 });
    expect(request.outputs).to.deep.equal([{ name: 'summary', parameters: { max_words: 50 } }]);
    expect(request.inputs[0]).to.deep.include({ name: 'episode', datatype: 'BYTES', shape: [1], parameters: { content_type: 'str' } });
    expect(text(request.inputs[0]!.data[0])).to.equal('{"title":"t"}');
    expect(format.binaryDataOutput).to.equal(false);
  });

  it('leaves outputs undefined when none are requested (all outputs)', () => {
    const { request } = decodeInferenceRequest({ inputs: [{ name: 'x', shape: [1], datatype: 'INT8', data: [1] }] });
    expect(request).to.not.have.property('outputs');
    expect(request).to.not.have.property('parameters');
  });

  it('reads binary inputs in input order, mixed with JSON inputs', () => {
    const scores = encodeBinaryTensor('FP32', [0.5, 1.5]);
    const texts = encodeBinaryTensor('BYTES', ['a', 'bc']);
    const { request } = decodeInferenceRequest(
      {
        inputs: [
          { name: 'scores', shape: [2], datatype: 'FP32', parameters: { binary_data_size: scores.byteLength } },
          { name: 'flag', shape: [1], datatype: 'BOOL', data: [true] },
          { name: 'texts', shape: [2, 1], datatype: 'BYTES', parameters: { binary_data_size: texts.byteLength } },
        ],
      },
      concat(scores, texts),
    );
    expect(request.inputs.map((input) => input.name)).to.deep.equal(['scores', 'flag', 'texts']);
    expect(request.inputs[0]!.data).to.deep.equal([0.5, 1.5]);
    expect(request.inputs[1]!.data).to.deep.equal([true]);
    expect(request.inputs[2]!.data.map(text)).to.deep.equal(['a', 'bc']);
    // binary_data_size is transport detail: the model does not see it.
    expect(request.inputs[0]).to.not.have.property('parameters');
  });

  it('rejects binary sizes that run past the body or leave bytes unclaimed', () => {
    const wire: InferenceRequest = { inputs: [{ name: 'x', shape: [1], datatype: 'FP32', parameters: { binary_data_size: 4 } }] };
    expect(decodeFailure(wire, new Uint8Array(2)).message).to.equal(
      'inputs[0].parameters.binary_data_size is 4 but only 2 binary bytes are left',
    );
    expect(decodeFailure(wire, new Uint8Array(6)).message).to.equal("2 bytes after the JSON header belong to no input's binary_data_size");
    expect(decodeFailure(wire).message).to.contain('no Inference-Header-Content-Length binary part');
  });

  it('rejects an input with both data and binary_data_size, or with neither', () => {
    const both = decodeFailure(
      { inputs: [{ name: 'x', shape: [1], datatype: 'INT8', data: [1], parameters: { binary_data_size: 1 } }] },
      new Uint8Array(1),
    );
    expect(both.message).to.equal('inputs[0] has both data and parameters.binary_data_size; send one');
    const neither = decodeFailure({ inputs: [{ name: 'x', shape: [1], datatype: 'INT8' }] });
    expect(neither).to.be.instanceOf(InvalidInputError);
    expect(neither.message).to.contain('inputs[0] has no data');
  });

  it('rejects a binary_data_size that is not a whole byte count', () => {
    const error = decodeFailure(
      { inputs: [{ name: 'x', shape: [1], datatype: 'INT8', parameters: { binary_data_size: 1.5 } }] },
      new Uint8Array(1),
    );
    expect(error.message).to.equal('inputs[0].parameters.binary_data_size must be a non-negative integer byte count');
  });

  it('names the input and element of a value out of range', () => {
    const error = decodeFailure({
      inputs: [
        { name: 'ok', shape: [1], datatype: 'INT8', data: [1] },
        { name: 'pixels', shape: [2], datatype: 'UINT8', data: [1, 256] },
      ],
    });
    expect(error.message).to.match(/^inputs\[1\] \('pixels'\): element 1 must be an integer in \[0, 255\] for UINT8, got 256$/);
  });

  it('rejects duplicate input and output names', () => {
    const input = { name: 'x', shape: [1], datatype: 'INT8', data: [1] };
    expect(decodeFailure({ inputs: [input, input] }).message).to.equal("inputs[1].name 'x' is given twice");
    expect(decodeFailure({ inputs: [input], outputs: [{ name: 'y' }, { name: 'y' }] }).message).to.equal(
      "outputs[1].name 'y' is given twice",
    );
  });

  it('reads binary_data_output and per-output binary_data, and hides them from the model', () => {
    const { request, format } = decodeInferenceRequest({
      parameters: { binary_data_output: true, tone: 'dry' },
      inputs: [],
      outputs: [{ name: 'a', parameters: { binary_data: false } }, { name: 'b' }],
    });
    expect(format.binaryDataOutput).to.equal(true);
    expect([...format.binaryByOutput]).to.deep.equal([['a', false]]);
    expect(request.parameters).to.deep.equal({ tone: 'dry' });
    expect(request.outputs).to.deep.equal([{ name: 'a' }, { name: 'b' }]);
  });

  it('rejects binary_data_output and binary_data that are not booleans', () => {
    expect(decodeFailure({ parameters: { binary_data_output: 'yes' }, inputs: [] }).message).to.equal(
      'parameters.binary_data_output must be a boolean',
    );
    expect(decodeFailure({ inputs: [], outputs: [{ name: 'a', parameters: { binary_data: 1 } }] }).message).to.equal(
      'outputs[0].parameters.binary_data must be a boolean',
    );
  });

  it('answers 501 for the shared-memory and classification extensions instead of ignoring them', () => {
    const sharedMemory = decodeFailure({
      inputs: [{ name: 'x', shape: [1], datatype: 'INT8', parameters: { shared_memory_region: 'r' } }],
    });
    expect(sharedMemory).to.be.instanceOf(NotImplementedError);
    expect(sharedMemory.message).to.equal(
      'inputs[0].parameters.shared_memory_region: the shared-memory extension is not supported by this server',
    );
    expect(decodeFailure({ inputs: [], outputs: [{ name: 'y', parameters: { classification: 3 } }] })).to.be.instanceOf(
      NotImplementedError,
    );
  });
});

describe('encodeInferenceResponse', () => {
  const response: ModelResponse = {
    id: '7',
    parameters: { output_tokens: 3 },
    outputs: [
      { name: 'summary', datatype: 'BYTES', shape: [1], data: ['short'] },
      { name: 'scores', datatype: 'FP32', shape: [2], data: [0.5, 0.25] },
    ],
  };

  it('encodes every output as JSON by default', () => {
    const { header, binary } = encodeInferenceResponse({ modelName: 'm', response, format: JSON_FORMAT });
    expect(binary).to.equal(undefined);
    expect(header).to.deep.equal({
      model_name: 'm',
      id: '7',
      parameters: { output_tokens: 3 },
      outputs: [
        { name: 'summary', datatype: 'BYTES', shape: [1], data: ['short'] },
        { name: 'scores', datatype: 'FP32', shape: [2], data: [0.5, 0.25] },
      ],
    });
  });

  it('sends every output binary with binary_data_output, in output order', () => {
    const { header, binary } = encodeInferenceResponse({
      modelName: 'm',
      response,
      format: { binaryDataOutput: true, binaryByOutput: new Map() },
    });
    expect(header.outputs).to.deep.equal([
      { name: 'summary', datatype: 'BYTES', shape: [1], parameters: { binary_data_size: 9 } },
      { name: 'scores', datatype: 'FP32', shape: [2], parameters: { binary_data_size: 8 } },
    ]);
    expect(binary!.map((chunk) => [...chunk])).to.deep.equal([
      [5, 0, 0, 0, ...new TextEncoder().encode('short')],
      [...encodeBinaryTensor('FP32', [0.5, 0.25])],
    ]);
  });

  it('lets an output binary_data override the request default', () => {
    const { header, binary } = encodeInferenceResponse({
      modelName: 'm',
      response,
      format: { binaryDataOutput: true, binaryByOutput: new Map([['summary', false]]) },
    });
    expect(header.outputs[0]).to.deep.equal({ name: 'summary', datatype: 'BYTES', shape: [1], data: ['short'] });
    expect(header.outputs[1]).to.deep.include({ parameters: { binary_data_size: 8 } });
    expect(binary).to.have.length(1);
  });

  it('sends model_version only when given', () => {
    expect(encodeInferenceResponse({ modelName: 'm', modelVersion: '1', response, format: JSON_FORMAT }).header.model_version).to.equal(
      '1',
    );
  });

  it('throws a plain Error (a 500) when a model output does not fill its shape', () => {
    const broken: ModelResponse = { outputs: [{ name: 'x', datatype: 'INT8', shape: [3], data: [1] }] };
    expect(() => encodeInferenceResponse({ modelName: 'm', response: broken, format: JSON_FORMAT })).to.throw(
      Error,
      "output 'x' has 1 elements for shape [3]",
    );
  });
});
