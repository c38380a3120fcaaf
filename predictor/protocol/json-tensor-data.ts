/**
 * @module protocol/json-tensor-data
 * Tensor data in JSON: flat or nested arrays in, validated tensor elements out, and back.
 * The binary counterpart is `binary-tensor.ts`.
 */
import { InvalidInputError } from '../errors.js';
import { elementCount, type Datatype, type TensorElement } from '../contract/tensor.js';
import { JSON_ELEMENT_RULES } from './datatype-ranges.js';
import { flattenTensorData } from './flatten-tensor-data.js';

const utf8 = new TextDecoder('utf-8');
/** `JSON.rawJSON` (Node >= 21) writes a bigint's exact digits; TypeScript's es2024 lib lacks it. */
const rawJson = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

/** A bigint as a value JSON.stringify writes with every digit (it throws on a bare bigint). */
export function exactJsonInteger(value: bigint): unknown {
  return rawJson(String(value));
}

const PREVIEW_LENGTH = 40;

function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'bigint' ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
}

/**
 * Validates JSON `data` of a tensor with `shape` and `datatype` and returns its flat elements.
 * `label` names the tensor in errors, e.g. `inputs[0] ('episode')`.
 */
export function decodeJsonTensorData(
  data: readonly unknown[],
  datatype: Datatype,
  shape: readonly number[],
  label: string,
): TensorElement[] {
  const flat = flattenTensorData(data);
  const expectedCount = elementCount(shape);
  if (flat.length !== expectedCount) {
    throw new InvalidInputError(`${label}: data has ${flat.length} elements but shape [${shape.join(', ')}] needs ${expectedCount}`);
  }
  const rule = JSON_ELEMENT_RULES[datatype];
  const elements = new Array<TensorElement>(flat.length);
  for (let index = 0; index < flat.length; index += 1) {
    const element = rule.read(flat[index]);
    if (element === undefined) {
      throw new InvalidInputError(`${label}: element ${index} must be ${rule.expected} for ${datatype}, got ${preview(flat[index])}`);
    }
    elements[index] = element;
  }
  return elements;
}

/** One element as JSON: bytes as UTF-8 text, bigints exact, non-finite floats as strings. */
function toJsonElement(element: TensorElement): unknown {
  if (element instanceof Uint8Array) return utf8.decode(element);
  if (typeof element === 'bigint') return exactJsonInteger(element);
  if (typeof element === 'number' && !Number.isFinite(element)) return String(element);
  return element;
}

/** Encodes flat elements for a JSON `data` array (JSON.stringify-ready). */
export function encodeJsonTensorData(data: readonly TensorElement[]): unknown[] {
  return data.map(toJsonElement);
}
