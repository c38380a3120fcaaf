import { expect } from 'chai';
import { InvalidInputError, NotImplementedError } from '../../predictor/errors.js';
import type { ModelMetadata } from '../../predictor/contract/predictor-model.js';
import { decodeV1Request, encodeV1Predictions } from '../../predictor/protocol/v1-codec.js';

const metadata: ModelMetadata = {
  name: 'pipeline',
  versions: ['1'],
  platform: 'test',
  inputs: [{ name: 'episode', datatype: 'BYTES', shape: [-1] }],
  outputs: [],
};
const text = (bytes: unknown) => new TextDecoder().decode(bytes as Uint8Array);

describe('decodeV1Request', () => {
  it('maps instances (objects or JSON strings) to one BYTES input named after the model input', () => {
    const request = decodeV1Request({ instances: [{ title: 'A', big: 18446744073709551615n }, '{"title":"B"}'] }, metadata);
    const [input] = request.inputs;
    expect(input).to.deep.include({ name: 'episode', datatype: 'BYTES', shape: [2] });
    expect(input!.data.map(text)).to.deep.equal(['{"title":"A","big":18446744073709551615}', '{"title":"B"}']);
  });

  it('keeps the input rank, one element per instance', () => {
    const ranked = { ...metadata, inputs: [{ name: 'episode', datatype: 'BYTES' as const, shape: [-1, -1] }] };
    expect(decodeV1Request({ instances: ['{}'] }, ranked).inputs[0]!.shape).to.deep.equal([1, 1]);
  });

  it('rejects bodies without instances and instances that are not objects or strings', () => {
    for (const body of [{}, { instances: [] }, { instances: 'x' }, null, []]) {
      expect(() => decodeV1Request(body, metadata)).to.throw(InvalidInputError, '{"instances": [...]}');
    }
    expect(() => decodeV1Request({ instances: [{}, 3] }, metadata)).to.throw(
      InvalidInputError,
      'instances[1] must be an object or a JSON string',
    );
    expect(() => decodeV1Request({ instances: [[1]] }, metadata)).to.throw(InvalidInputError, 'instances[0]');
  });

  it('answers 501 for models whose first input is not BYTES', () => {
    const numeric = { ...metadata, inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [-1] }] };
    expect(() => decodeV1Request({ instances: ['{}'] }, numeric)).to.throw(NotImplementedError, '/v2/models/pipeline/infer');
  });
});

describe('encodeV1Predictions', () => {
  it('builds one object per instance, parsing JSON text outputs back to objects', () => {
    const predictions = encodeV1Predictions(
      {
        outputs: [
          { name: 'analysis', datatype: 'BYTES', shape: [2], data: [new TextEncoder().encode('{"summary":"s1"}'), '{"summary":"s2"}'] },
          { name: 'label', datatype: 'BYTES', shape: [2], data: ['plain', '42'] },
          { name: 'scores', datatype: 'FP32', shape: [2, 2], data: [0.1, 0.2, 0.3, 0.4] },
        ],
      },
      2,
    );
    expect(predictions).to.deep.equal([
      { analysis: { summary: 's1' }, label: 'plain', scores: [0.1, 0.2] },
      { analysis: { summary: 's2' }, label: '42', scores: [0.3, 0.4] },
    ]);
  });

  it('throws a plain Error (a 500) when an output does not split per instance', () => {
    expect(() => encodeV1Predictions({ outputs: [{ name: 'x', datatype: 'INT8', shape: [3], data: [1, 2, 3] }] }, 2)).to.throw(
      Error,
      'does not split into 2 instances',
    );
  });
});
