import { expect } from 'chai';
import { InvalidInputError, NotImplementedError } from '../../../predictor/errors.js';
import { decodeModelInferRequest, encodeModelInferResponse } from '../../../predictor/protocol/grpc/grpc-tensor-codec.js';
import type { ModelInferRequest } from '../../../predictor/protocol/grpc/grpc-wire-types.js';
import { createInferenceRequestValidator } from '../../../predictor/protocol/validate-inference-request.js';

const validate = createInferenceRequestValidator();
const decode = (message: Partial<ModelInferRequest>) => decodeModelInferRequest({ model_name: 'm', inputs: [], ...message }, validate);

/** Length-prefixed BYTES elements (4-byte little-endian length, then the bytes). */
function lengthPrefixed(...texts: string[]): Buffer {
  return Buffer.concat(
    texts.map((text) => {
      const length = Buffer.alloc(4);
      length.writeUInt32LE(Buffer.byteLength(text));
      return Buffer.concat([length, Buffer.from(text)]);
    }),
  );
}

function failure(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('decodeModelInferRequest', () => {
  it('decodes typed contents of every datatype that has a typed field, int64 exactly past 2^53', () => {
    const { request, useRawOutputs } = decode({
      id: 'r1',
      inputs: [
        { name: 'b', datatype: 'BOOL', shape: ['2'], contents: { bool_contents: [true, false] } },
        { name: 'i', datatype: 'INT32', shape: ['2'], contents: { int_contents: [-5, 7] } },
        { name: 'l', datatype: 'INT64', shape: ['2'], contents: { int64_contents: ['9007199254740993', '-3'] } },
        { name: 'u', datatype: 'UINT8', shape: ['1'], contents: { uint_contents: [255] } },
        { name: 'q', datatype: 'UINT64', shape: ['1'], contents: { uint64_contents: ['18446744073709551615'] } },
        { name: 'f', datatype: 'FP32', shape: ['1', '2'], contents: { fp32_contents: [1.5, Number.NaN] } },
        { name: 'd', datatype: 'FP64', shape: ['1'], contents: { fp64_contents: [2.25] } },
        { name: 's', datatype: 'BYTES', shape: ['2'], contents: { bytes_contents: [Buffer.from('héllo'), Buffer.from([0xff, 0x00])] } },
      ],
    });
    expect(useRawOutputs).to.equal(false);
    expect(request.id).to.equal('r1');
    const data = Object.fromEntries(request.inputs.map((input) => [input.name, input.data]));
    expect(data.b).to.deep.equal([true, false]);
    expect(data.i).to.deep.equal([-5, 7]);
    expect(data.l).to.deep.equal([9007199254740993n, -3]);
    expect(data.u).to.deep.equal([255]);
    expect(data.q).to.deep.equal([18446744073709551615n]);
    expect(data.f?.[0]).to.equal(1.5);
    expect(Number.isNaN(data.f?.[1])).to.equal(true);
    expect(data.d).to.deep.equal([2.25]);
    expect(data.s?.map((element) => Buffer.from(element as Uint8Array).toString('hex'))).to.deep.equal([
      Buffer.from('héllo').toString('hex'),
      'ff00',
    ]);
    expect(request.inputs.find((input) => input.name === 'f')?.shape).to.deep.equal([1, 2]);
  });

  it('decodes raw_input_contents (BYTES length-prefixed, FP16 little-endian) and answers raw', () => {
    const half = Buffer.alloc(4);
    half.writeUInt16LE(0x3c00, 0); // 1.0
    half.writeUInt16LE(0xc000, 2); // -2.0
    const { request, useRawOutputs } = decode({
      inputs: [
        // kserve's InferInput sends REST's binary_data_size beside the raw contents: it is ignored.
        {
          name: 'episode',
          datatype: 'BYTES',
          shape: ['2'],
          parameters: { binary_data_size: { int64_param: '99', parameter_choice: 'int64_param' } },
        },
        { name: 'h', datatype: 'FP16', shape: ['2'] },
      ],
      raw_input_contents: [lengthPrefixed('one', 'two'), half],
    });
    expect(useRawOutputs).to.equal(true);
    expect(request.inputs[0]?.data.map((element) => Buffer.from(element as Uint8Array).toString())).to.deep.equal(['one', 'two']);
    expect(request.inputs[0]?.parameters).to.equal(undefined);
    expect(request.inputs[1]?.data).to.deep.equal([1, -2]);
  });

  it('passes request, input and output parameters of every InferParameter kind to the model', () => {
    const { request } = decode({
      parameters: {
        flag: { bool_param: true, parameter_choice: 'bool_param' },
        count: { int64_param: '12', parameter_choice: 'int64_param' },
        name: { string_param: 'v2', parameter_choice: 'string_param' },
        ratio: { double_param: 0.5, parameter_choice: 'double_param' },
        big: { uint64_param: '7', parameter_choice: 'uint64_param' },
      },
      inputs: [
        {
          name: 'x',
          datatype: 'INT32',
          shape: ['1'],
          contents: { int_contents: [1] },
          parameters: { p: { string_param: 'q', parameter_choice: 'string_param' } },
        },
      ],
      outputs: [{ name: 'y', parameters: { k: { bool_param: false, parameter_choice: 'bool_param' } } }],
    });
    expect(request.parameters).to.deep.equal({ flag: true, count: 12, name: 'v2', ratio: 0.5, big: 7 });
    expect(request.inputs[0]?.parameters).to.deep.equal({ p: 'q' });
    expect(request.outputs).to.deep.equal([{ name: 'y', parameters: { k: false } }]);
  });

  const invalid: ReadonlyArray<readonly [string, Partial<ModelInferRequest>, RegExp]> = [
    [
      'contents of another datatype',
      { inputs: [{ name: 'x', datatype: 'INT32', shape: ['1'], contents: { fp32_contents: [1] } }] },
      /contents.fp32_contents does not match datatype INT32 \(INT32 uses int_contents\)/,
    ],
    [
      'typed FP16',
      { inputs: [{ name: 'x', datatype: 'FP16', shape: ['1'], contents: { fp32_contents: [1] } }] },
      /FP16 has no typed contents; send raw_input_contents/,
    ],
    ['no data', { inputs: [{ name: 'x', datatype: 'INT32', shape: ['2'] }] }, /inputs\[0\] has no data/],
    [
      'a raw entry missing',
      {
        inputs: [
          { name: 'a', datatype: 'INT32', shape: ['1'] },
          { name: 'b', datatype: 'INT32', shape: ['1'] },
        ],
        raw_input_contents: [Buffer.alloc(4)],
      },
      /raw_input_contents has 1 entries for 2 inputs/,
    ],
    [
      'both raw and typed',
      { inputs: [{ name: 'a', datatype: 'INT32', shape: ['1'], contents: { int_contents: [1] } }], raw_input_contents: [Buffer.alloc(4)] },
      /both contents and raw_input_contents/,
    ],
    [
      'a shape past 2^53',
      { inputs: [{ name: 'a', datatype: 'INT32', shape: ['9007199254740993'] }] },
      /inputs\[0\].shape\[0\] must be a non-negative integer/,
    ],
    [
      'an element out of range',
      { inputs: [{ name: 'a', datatype: 'INT8', shape: ['1'], contents: { int_contents: [300] } }] },
      /element 0 must be an integer in \[-128, 127\]/,
    ],
    [
      'too few elements',
      { inputs: [{ name: 'a', datatype: 'INT32', shape: ['3'], contents: { int_contents: [1] } }] },
      /data has 1 elements but shape \[3\] needs 3/,
    ],
    [
      'a truncated BYTES prefix',
      { inputs: [{ name: 'a', datatype: 'BYTES', shape: ['1'] }], raw_input_contents: [Buffer.from([5, 0, 0, 0, 1])] },
      /declares 5 bytes but only 1 remain/,
    ],
    [
      'an unknown datatype',
      { inputs: [{ name: 'a', datatype: 'FP8', shape: ['1'], contents: { int_contents: [1] } }] },
      /inputs\[0\].datatype must be one of/,
    ],
    [
      'an empty parameter',
      { parameters: { p: {} }, inputs: [{ name: 'a', datatype: 'INT32', shape: ['1'], contents: { int_contents: [1] } }] },
      /parameters.p has no value/,
    ],
    [
      'a duplicate input',
      {
        inputs: [
          { name: 'a', datatype: 'INT32', shape: ['1'], contents: { int_contents: [1] } },
          { name: 'a', datatype: 'INT32', shape: ['1'], contents: { int_contents: [1] } },
        ],
      },
      /inputs\[1\].name 'a' is given twice/,
    ],
  ];
  for (const [what, message, expected] of invalid) {
    it(`refuses ${what} with InvalidInputError naming the field`, () => {
      const error = failure(() => decode(message));
      expect(error).to.be.instanceOf(InvalidInputError);
      expect(error.message).to.match(expected);
    });
  }

  it('refuses the shared-memory extension as not implemented, as REST does', () => {
    const error = failure(() =>
      decode({
        inputs: [
          {
            name: 'a',
            datatype: 'INT32',
            shape: ['1'],
            contents: { int_contents: [1] },
            parameters: { shared_memory_region: { string_param: 'r', parameter_choice: 'string_param' } },
          },
        ],
      }),
    );
    expect(error).to.be.instanceOf(NotImplementedError);
  });
});

describe('encodeModelInferResponse', () => {
  const response = {
    id: 'r9',
    parameters: { llm_backend: 'emulator', tokens: 12, cost_usd: 0.25, partial: false },
    outputs: [
      { name: 'text', datatype: 'BYTES' as const, shape: [2], data: ['a', new Uint8Array([0xff])] },
      { name: 'big', datatype: 'INT64' as const, shape: [1], data: [9007199254740993n] },
      { name: 'flag', datatype: 'BOOL' as const, shape: [1], data: [true] },
    ],
  };

  it('answers typed contents with the parameters as InferParameters, and the version only when asked', () => {
    const encoded = encodeModelInferResponse({ modelName: 'm', modelVersion: undefined, response, useRawOutputs: false });
    expect(encoded.model_version).to.equal(undefined);
    expect(encoded.id).to.equal('r9');
    expect(encoded.parameters).to.deep.equal({
      llm_backend: { string_param: 'emulator' },
      tokens: { int64_param: 12 },
      cost_usd: { double_param: 0.25 },
      partial: { bool_param: false },
    });
    expect(encoded.raw_output_contents).to.equal(undefined);
    expect(encoded.outputs.map((output) => output.contents)).to.deep.equal([
      { bytes_contents: [Buffer.from('a'), new Uint8Array([0xff])] },
      { int64_contents: ['9007199254740993'] },
      { bool_contents: [true] },
    ]);
  });

  it('answers raw_output_contents (BYTES length-prefixed) and no typed contents when raw', () => {
    const encoded = encodeModelInferResponse({ modelName: 'm', modelVersion: '1', response, useRawOutputs: true });
    expect(encoded.model_version).to.equal('1');
    expect(encoded.outputs.every((output) => output.contents === undefined)).to.equal(true);
    expect(Buffer.from(encoded.raw_output_contents![0]!).toString('hex')).to.equal(
      Buffer.concat([lengthPrefixed('a'), Buffer.from([1, 0, 0, 0, 0xff])]).toString('hex'),
    );
    expect(Buffer.from(encoded.raw_output_contents![1]!).readBigInt64LE()).to.equal(9007199254740993n);
  });

  it('answers raw when an output is FP16, which has no typed field', () => {
    const encoded = encodeModelInferResponse({
      modelName: 'm',
      modelVersion: undefined,
      response: { outputs: [{ name: 'h', datatype: 'FP16', shape: [1], data: [1] }] },
      useRawOutputs: false,
    });
    expect(Buffer.from(encoded.raw_output_contents![0]!).readUInt16LE()).to.equal(0x3c00);
  });

  it('refuses an output whose data does not fill its shape (a model bug, not client text)', () => {
    const error = failure(() =>
      encodeModelInferResponse({
        modelName: 'm',
        modelVersion: undefined,
        response: { outputs: [{ name: 'x', datatype: 'INT32', shape: [2], data: [1] }] },
        useRawOutputs: false,
      }),
    );
    expect(error).to.not.be.instanceOf(InvalidInputError);
  });
});
