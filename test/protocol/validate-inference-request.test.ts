import { expect } from 'chai';
import { createInferenceRequestValidator, toFieldPath } from '../../predictor/protocol/validate-inference-request.js';

function problems(body: unknown): string {
  try {
    createInferenceRequestValidator()(body);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected validation to fail');
}

describe('createInferenceRequestValidator', () => {
  const valid = { inputs: [{ name: 'x', shape: [2], datatype: 'INT32', data: [1, 2] }] };

  it('returns a valid request unchanged, unknown fields included', () => {
    const body = { ...valid, model_name: 'm', id: '1', outputs: [{ name: 'y', extra: true }] };
    expect(createInferenceRequestValidator()(body)).to.equal(body);
  });

  it('accepts an input without data (the binary extension sends it after the JSON)', () => {
    const body = { inputs: [{ name: 'x', shape: [1], datatype: 'FP32', parameters: { binary_data_size: 4 } }] };
    expect(createInferenceRequestValidator()(body)).to.equal(body);
  });

  it('names each bad field the way a client writes it, all at once', () => {
    const message = problems({ id: 5, inputs: [{ name: 'x', shape: [2, -1], datatype: 'BF16', data: 'abc' }, { shape: [1] }] });
    expect(message).to.match(/^Invalid inference request: /);
    for (const part of [
      'id must be string',
      'inputs[0].shape[1] must be >= 0',
      'inputs[0].datatype must be one of BOOL, UINT8',
      'inputs[0].data must be array',
      'inputs[1].name is required',
      'inputs[1].datatype is required',
    ]) {
      expect(message).to.contain(part);
    }
  });

  it('requires inputs and an object body', () => {
    expect(problems({})).to.equal('Invalid inference request: inputs is required');
    expect(problems([valid])).to.equal('Invalid inference request: request body must be object');
  });

  it('rejects parameters whose values are not string, number or boolean, at every level', () => {
    const message = problems({
      parameters: { nested: { a: 1 } },
      inputs: [{ name: 'x', shape: [1], datatype: 'INT8', data: [1], parameters: { list: [1] } }],
      outputs: [{ name: 'y', parameters: { none: null } }],
    });
    expect(message).to.contain('parameters.nested must be string,number,boolean');
    expect(message).to.contain('inputs[0].parameters.list must be string,number,boolean');
    expect(message).to.contain('outputs[0].parameters.none must be string,number,boolean');
  });

  it('rejects shapes with fractional dimensions', () => {
    expect(problems({ inputs: [{ name: 'x', shape: [1.5], datatype: 'INT8', data: [1] }] })).to.contain(
      'inputs[0].shape[0] must be integer',
    );
  });

  it('summarises beyond ten problems', () => {
    const inputs = Array.from({ length: 12 }, () => ({}));
    expect(problems({ inputs })).to.match(/; and \d+ more$/);
  });
});

describe('toFieldPath', () => {
  it('turns JSON pointers into client paths', () => {
    expect(toFieldPath('')).to.equal('');
    expect(toFieldPath('/inputs/0/shape/1')).to.equal('inputs[0].shape[1]');
    expect(toFieldPath('/parameters/a~1b')).to.equal('parameters.a/b');
  });
});
