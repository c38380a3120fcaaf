import { expect } from 'chai';
import type { Datatype, TensorElement } from '../../predictor/contract/tensor.js';
import { decodeBinaryTensor, encodeBinaryTensor, FIXED_BYTE_SIZE } from '../../predictor/protocol/binary-tensor.js';

function bytesOf(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

function decodeError(datatype: Datatype, bytes: Uint8Array, count: number): string {
  try {
    decodeBinaryTensor(datatype, bytes, count, 'inputs[0]');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected decode to fail');
}

describe('decodeBinaryTensor', () => {
  it('reads FP32 little-endian', () => {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat32(0, 1.5, true);
    new DataView(bytes.buffer).setFloat32(4, -2, true);
    expect(decodeBinaryTensor('FP32', bytes, 2, 'x')).to.deep.equal([1.5, -2]);
  });

  it('reads FP16 half-precision values', () => {
    // 0x3C00 = 1.0, 0xC000 = -2.0, 0x7BFF = 65504 (largest finite half).
    expect(decodeBinaryTensor('FP16', bytesOf(0x00, 0x3c, 0x00, 0xc0, 0xff, 0x7b), 3, 'x')).to.deep.equal([1, -2, 65504]);
  });

  it('reads every integer type little-endian with its sign', () => {
    expect(decodeBinaryTensor('INT8', bytesOf(0xff, 0x7f), 2, 'x')).to.deep.equal([-1, 127]);
    expect(decodeBinaryTensor('UINT16', bytesOf(0x01, 0x02), 1, 'x')).to.deep.equal([0x0201]);
    expect(decodeBinaryTensor('INT16', bytesOf(0x00, 0x80), 1, 'x')).to.deep.equal([-32768]);
    expect(decodeBinaryTensor('UINT32', bytesOf(0xff, 0xff, 0xff, 0xff), 1, 'x')).to.deep.equal([4294967295]);
    expect(decodeBinaryTensor('INT32', bytesOf(0xfe, 0xff, 0xff, 0xff), 1, 'x')).to.deep.equal([-2]);
  });

  it('reads 64-bit integers as numbers when safe and as bigint beyond 2^53', () => {
    const bytes = new Uint8Array(16);
    new DataView(bytes.buffer).setBigUint64(0, 7n, true);
    new DataView(bytes.buffer).setBigUint64(8, 18446744073709551615n, true);
    expect(decodeBinaryTensor('UINT64', bytes, 2, 'x')).to.deep.equal([7, 18446744073709551615n]);
    expect(decodeBinaryTensor('INT64', bytes, 2, 'x')).to.deep.equal([7, -1]);
  });

  it('reads BOOL bytes 0 and 1 and rejects any other byte', () => {
    expect(decodeBinaryTensor('BOOL', bytesOf(1, 0), 2, 'x')).to.deep.equal([true, false]);
    expect(decodeError('BOOL', bytesOf(1, 2), 2)).to.equal('inputs[0]: BOOL element 1 is byte 2; expected 0 or 1');
  });

  it('rejects a byte count that does not match the shape', () => {
    expect(decodeError('FP32', new Uint8Array(6), 2)).to.equal('inputs[0]: binary data holds 6 bytes but 2 FP32 elements need 8');
  });

  it('reads BYTES as 4-byte little-endian lengths each followed by the bytes', () => {
    const elements = decodeBinaryTensor('BYTES', bytesOf(2, 0, 0, 0, 0x68, 0x69, 0, 0, 0, 0), 2, 'x') as Uint8Array[];
    expect(elements.map((element) => [...element])).to.deep.equal([[0x68, 0x69], []]);
  });

  it('rejects BYTES data that is truncated or holds the wrong number of elements', () => {
    expect(decodeError('BYTES', bytesOf(5, 0, 0, 0, 0x68), 1)).to.contain('declares 5 bytes but only 1 remain');
    expect(decodeError('BYTES', bytesOf(0, 0, 0, 0, 1, 0), 2)).to.contain('truncated length prefix');
    expect(decodeError('BYTES', bytesOf(0, 0, 0, 0), 2)).to.contain('holds 1 BYTES elements but the shape needs 2');
  });
});

describe('encodeBinaryTensor', () => {
  const samples: ReadonlyArray<readonly [Datatype, readonly TensorElement[]]> = [
    ['BOOL', [true, false]],
    ['UINT8', [0, 255]],
    ['UINT16', [65535]],
    ['UINT32', [4294967295]],
    ['UINT64', [1, 18446744073709551615n]],
    ['INT8', [-128]],
    ['INT16', [-32768]],
    ['INT32', [-2147483648]],
    ['INT64', [-9223372036854775808n, 5]],
    ['FP16', [0.5, -65504]],
    ['FP32', [1.5, -0.25]],
    ['FP64', [Math.PI]],
  ];

  for (const [datatype, data] of samples) {
    it(`round-trips ${datatype} through decodeBinaryTensor`, () => {
      const bytes = encodeBinaryTensor(datatype, data);
      expect(bytes.byteLength).to.equal(data.length * FIXED_BYTE_SIZE[datatype as Exclude<Datatype, 'BYTES'>]);
      expect(decodeBinaryTensor(datatype, bytes, data.length, 'x')).to.deep.equal(data);
    });
  }

  it('writes BYTES from strings and raw bytes with length prefixes', () => {
    const bytes = encodeBinaryTensor('BYTES', ['hé', Uint8Array.from([0xff])]);
    expect([...bytes]).to.deep.equal([3, 0, 0, 0, 0x68, 0xc3, 0xa9, 1, 0, 0, 0, 0xff]);
  });
});
