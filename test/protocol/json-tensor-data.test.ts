import { expect } from 'chai';
import { InvalidInputError } from '../../predictor/errors.js';
import type { Datatype } from '../../predictor/contract/tensor.js';
import { decodeJsonTensorData, encodeJsonTensorData } from '../../predictor/protocol/json-tensor-data.js';

function decode(datatype: Datatype, data: readonly unknown[], shape: readonly number[] = [data.length]) {
  return decodeJsonTensorData(data, datatype, shape, "inputs[0] ('x')");
}

function decodeError(datatype: Datatype, data: readonly unknown[], shape?: readonly number[]): string {
  try {
    decode(datatype, data, shape);
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError);
    return (error as Error).message;
  }
  throw new Error('expected decode to fail');
}

describe('decodeJsonTensorData', () => {
  const integerRanges: ReadonlyArray<readonly [Datatype, bigint, bigint]> = [
    ['UINT8', 0n, 255n],
    ['UINT16', 0n, 65535n],
    ['UINT32', 0n, 4294967295n],
    ['UINT64', 0n, 18446744073709551615n],
    ['INT8', -128n, 127n],
    ['INT16', -32768n, 32767n],
    ['INT32', -2147483648n, 2147483647n],
    ['INT64', -9223372036854775808n, 9223372036854775807n],
  ];

  for (const [datatype, minimum, maximum] of integerRanges) {
    it(`accepts ${datatype} at both ends of its range and rejects one beyond each`, () => {
      const asJson = (value: bigint) => (Number.isSafeInteger(Number(value)) ? Number(value) : value);
      expect(decode(datatype, [asJson(minimum), asJson(maximum)])).to.deep.equal([asJson(minimum), asJson(maximum)]);
      expect(decodeError(datatype, [0, asJson(minimum - 1n)])).to.match(
        new RegExp(`^inputs\\[0\\] \\('x'\\): element 1 must be an integer in \\[${minimum}, ${maximum}\\] for ${datatype}`),
      );
      expect(decodeError(datatype, [asJson(maximum + 1n)])).to.contain('element 0');
    });
  }

  it('rejects fractions, strings and booleans for integer types', () => {
    expect(decodeError('INT32', [1.5])).to.contain('got 1.5');
    expect(decodeError('INT32', ['1'])).to.contain('got "1"');
    expect(decodeError('UINT8', [true])).to.contain('got true');
  });

  it('rejects integers that a double cannot hold exactly unless they arrive as bigint', () => {
    expect(decodeError('INT64', [2 ** 60])).to.contain('element 0');
    expect(decode('INT64', [2n ** 60n])).to.deep.equal([2n ** 60n]);
  });

  it('accepts floats within each float type and rejects those beyond it', () => {
    expect(decode('FP16', [65504, -65504, 0.5])).to.deep.equal([65504, -65504, 0.5]);
    expect(decodeError('FP16', [65505])).to.contain('magnitude <= 65504');
    expect(decode('FP32', [3.4e38, 1e-45])).to.deep.equal([3.4e38, 1e-45]);
    expect(decodeError('FP32', [3.5e38])).to.contain('for FP32');
    expect(decode('FP64', [1.7976931348623157e308])).to.deep.equal([1.7976931348623157e308]);
    // JSON.parse('1e400') is Infinity: out of range, not silently infinite.
    expect(decodeError('FP64', [Number.POSITIVE_INFINITY])).to.contain('for FP64');
  });

  it('accepts NaN and the infinities only as their string names', () => {
    const [nan, positive, negative] = decode('FP32', ['NaN', 'Infinity', '-Infinity']) as number[];
    expect(Number.isNaN(nan)).to.equal(true);
    expect([positive, negative]).to.deep.equal([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(decodeError('FP32', ['nan'])).to.contain('"NaN"');
    expect(decodeError('FP32', ['toString'])).to.contain('element 0');
    expect(decodeError('FP32', [null])).to.contain('got null');
  });

  it('accepts only JSON booleans for BOOL', () => {
    expect(decode('BOOL', [true, false])).to.deep.equal([true, false]);
    expect(decodeError('BOOL', [1])).to.contain('must be true or false for BOOL, got 1');
  });

  it('stores BYTES strings as their UTF-8 bytes', () => {
    const [bytes] = decode('BYTES', ['é']) as Uint8Array[];
    expect([...bytes!]).to.deep.equal([0xc3, 0xa9]);
    expect(decodeError('BYTES', [{ title: 'x' }])).to.contain('must be a string for BYTES, got {"title":"x"}');
  });

  it('flattens nested data row-major', () => {
    expect(
      decode(
        'INT32',
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        [2, 3],
      ),
    ).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(
      decode(
        'INT32',
        [
          [[1], [2]],
          [[3], [4]],
        ],
        [2, 2, 1],
      ),
    ).to.deep.equal([1, 2, 3, 4]);
  });

  it('names the row-major index of a bad element in nested data', () => {
    expect(
      decodeError(
        'UINT8',
        [
          [1, 2],
          [3, 300],
        ],
        [2, 2],
      ),
    ).to.contain('element 3');
  });

  it('rejects data whose length is not the product of the shape', () => {
    expect(decodeError('INT32', [1, 2, 3], [2, 2])).to.equal("inputs[0] ('x'): data has 3 elements but shape [2, 2] needs 4");
    expect(
      decodeError(
        'INT32',
        [
          [1, 2],
          [3, 4],
        ],
        [4, 2],
      ),
    ).to.contain('needs 8');
  });

  it('treats an empty shape as a scalar of one element', () => {
    expect(decode('FP64', [2.5], [])).to.deep.equal([2.5]);
  });

  it('truncates long values in messages', () => {
    expect(decodeError('INT8', ['x'.repeat(500)])).to.have.length.below(200);
  });
});

describe('encodeJsonTensorData', () => {
  it('writes bytes as UTF-8 text, strings as they are and bigints with every digit', () => {
    const encoded = encodeJsonTensorData([new TextEncoder().encode('héllo'), 'plain', 18446744073709551615n, 1.5, true]);
    expect(JSON.stringify(encoded)).to.equal('["héllo","plain",18446744073709551615,1.5,true]');
  });

  it('writes non-finite numbers as the strings the decoder accepts', () => {
    expect(JSON.stringify(encodeJsonTensorData([Number.NaN, Number.NEGATIVE_INFINITY]))).to.equal('["NaN","-Infinity"]');
  });
});
