/**
 * @module protocol/binary-tensor
 * Raw tensor bytes of the binary tensor data extension: fixed-size types are packed
 * little-endian in row-major order (BOOL one byte, 0 or 1); each BYTES element is a 4-byte
 * little-endian length followed by that many bytes (Triton's binary_tensor_data extension,
 * `serialize_byte_tensor` in the KServe and Triton Python clients).
 */
import { InvalidInputError } from '../errors.js';
import type { Datatype, TensorElement } from '../contract/tensor.js';

type FixedDatatype = Exclude<Datatype, 'BYTES'>;

/** Bytes per element of every fixed-size datatype (inference_rest.md, Tensor Data Types). */
export const FIXED_BYTE_SIZE: Readonly<Record<FixedDatatype, number>> = Object.freeze({
  BOOL: 1,
  UINT8: 1,
  UINT16: 2,
  UINT32: 4,
  UINT64: 8,
  INT8: 1,
  INT16: 2,
  INT32: 4,
  INT64: 8,
  FP16: 2,
  FP32: 4,
  FP64: 8,
});

/** Node >= 24 has half-precision DataView accessors; TypeScript's es2024 lib does not list them. */
interface HalfPrecisionView extends DataView {
  getFloat16(offset: number, littleEndian?: boolean): number;
  setFloat16(offset: number, value: number, littleEndian?: boolean): void;
}

const LITTLE_ENDIAN = true;
const utf8 = new TextEncoder();

function toSafeNumber(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

const READERS: Readonly<Record<FixedDatatype, (view: HalfPrecisionView, offset: number) => TensorElement>> = {
  BOOL: (view, offset) => view.getUint8(offset),
  UINT8: (view, offset) => view.getUint8(offset),
  UINT16: (view, offset) => view.getUint16(offset, LITTLE_ENDIAN),
  UINT32: (view, offset) => view.getUint32(offset, LITTLE_ENDIAN),
  UINT64: (view, offset) => toSafeNumber(view.getBigUint64(offset, LITTLE_ENDIAN)),
  INT8: (view, offset) => view.getInt8(offset),
  INT16: (view, offset) => view.getInt16(offset, LITTLE_ENDIAN),
  INT32: (view, offset) => view.getInt32(offset, LITTLE_ENDIAN),
  INT64: (view, offset) => toSafeNumber(view.getBigInt64(offset, LITTLE_ENDIAN)),
  FP16: (view, offset) => view.getFloat16(offset, LITTLE_ENDIAN),
  FP32: (view, offset) => view.getFloat32(offset, LITTLE_ENDIAN),
  FP64: (view, offset) => view.getFloat64(offset, LITTLE_ENDIAN),
};

const WRITERS: Readonly<Record<FixedDatatype, (view: HalfPrecisionView, offset: number, value: TensorElement) => void>> = {
  BOOL: (view, offset, value) => view.setUint8(offset, value ? 1 : 0),
  UINT8: (view, offset, value) => view.setUint8(offset, Number(value)),
  UINT16: (view, offset, value) => view.setUint16(offset, Number(value), LITTLE_ENDIAN),
  UINT32: (view, offset, value) => view.setUint32(offset, Number(value), LITTLE_ENDIAN),
  UINT64: (view, offset, value) => view.setBigUint64(offset, BigInt(value as number | bigint), LITTLE_ENDIAN),
  INT8: (view, offset, value) => view.setInt8(offset, Number(value)),
  INT16: (view, offset, value) => view.setInt16(offset, Number(value), LITTLE_ENDIAN),
  INT32: (view, offset, value) => view.setInt32(offset, Number(value), LITTLE_ENDIAN),
  INT64: (view, offset, value) => view.setBigInt64(offset, BigInt(value as number | bigint), LITTLE_ENDIAN),
  FP16: (view, offset, value) => view.setFloat16(offset, Number(value), LITTLE_ENDIAN),
  FP32: (view, offset, value) => view.setFloat32(offset, Number(value), LITTLE_ENDIAN),
  FP64: (view, offset, value) => view.setFloat64(offset, Number(value), LITTLE_ENDIAN),
};

function viewOf(bytes: Uint8Array): HalfPrecisionView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function decodeBytesElements(bytes: Uint8Array, elementCount: number, label: string): Uint8Array[] {
  const view = viewOf(bytes);
  const elements: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.byteLength) {
    if (offset + 4 > bytes.byteLength)
      throw new InvalidInputError(`${label}: BYTES element ${elements.length} has a truncated length prefix`);
    const length = view.getUint32(offset, LITTLE_ENDIAN);
    offset += 4;
    if (offset + length > bytes.byteLength) {
      throw new InvalidInputError(
        `${label}: BYTES element ${elements.length} declares ${length} bytes but only ${bytes.byteLength - offset} remain`,
      );
    }
    elements.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  if (elements.length !== elementCount) {
    throw new InvalidInputError(`${label}: binary data holds ${elements.length} BYTES elements but the shape needs ${elementCount}`);
  }
  return elements;
}

/** Decodes `bytes` as `elementCount` elements of `datatype`; `label` names the tensor in errors. */
export function decodeBinaryTensor(datatype: Datatype, bytes: Uint8Array, elementCount: number, label: string): TensorElement[] {
  if (datatype === 'BYTES') return decodeBytesElements(bytes, elementCount, label);
  const size = FIXED_BYTE_SIZE[datatype];
  if (bytes.byteLength !== elementCount * size) {
    throw new InvalidInputError(
      `${label}: binary data holds ${bytes.byteLength} bytes but ${elementCount} ${datatype} elements need ${elementCount * size}`,
    );
  }
  const view = viewOf(bytes);
  const read = READERS[datatype];
  const elements: TensorElement[] = new Array<TensorElement>(elementCount);
  for (let index = 0; index < elementCount; index += 1) elements[index] = read(view, index * size);
  if (datatype === 'BOOL') {
    const bad = elements.findIndex((value) => value !== 0 && value !== 1);
    if (bad >= 0) throw new InvalidInputError(`${label}: BOOL element ${bad} is byte ${String(elements[bad])}; expected 0 or 1`);
    return elements.map((value) => value === 1);
  }
  return elements;
}

/** Encodes elements of `datatype` to raw bytes (BYTES elements may be strings or bytes). */
export function encodeBinaryTensor(datatype: Datatype, data: readonly TensorElement[]): Uint8Array {
  if (datatype === 'BYTES') {
    const parts = data.map((element) => (element instanceof Uint8Array ? element : utf8.encode(String(element))));
    const bytes = new Uint8Array(parts.reduce((total, part) => total + 4 + part.byteLength, 0));
    const view = viewOf(bytes);
    let offset = 0;
    for (const part of parts) {
      view.setUint32(offset, part.byteLength, LITTLE_ENDIAN);
      bytes.set(part, offset + 4);
      offset += 4 + part.byteLength;
    }
    return bytes;
  }
  const size = FIXED_BYTE_SIZE[datatype];
  const bytes = new Uint8Array(data.length * size);
  const view = viewOf(bytes);
  const write = WRITERS[datatype];
  data.forEach((element, index) => write(view, index * size, element));
  return bytes;
}
