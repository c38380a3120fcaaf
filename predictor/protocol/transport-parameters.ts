/**
 * @module protocol/transport-parameters
 * Splits OIP `parameters` into what the model sees and what only the transport uses: the
 * binary tensor data extension's `binary_data_output` (request), `binary_data_size` (input)
 * and `binary_data` (output). Extensions this server does not implement (shared memory,
 * Triton classification) fail loudly with 501 instead of being silently ignored.
 */
import { InvalidInputError, NotImplementedError } from '../errors.js';
import type { Parameters, ParameterValue } from '../contract/tensor.js';
import type { WireParameters } from './wire-types.js';

export type ParameterLevel = 'request' | 'input' | 'output';

const TRANSPORT_KEYS: Readonly<Record<ParameterLevel, string>> = {
  request: 'binary_data_output',
  input: 'binary_data_size',
  output: 'binary_data',
};

const UNSUPPORTED: Readonly<Record<ParameterLevel, ReadonlyMap<string, string>>> = {
  request: new Map(),
  input: new Map([['shared_memory_region', 'the shared-memory extension']]),
  output: new Map([
    ['shared_memory_region', 'the shared-memory extension'],
    ['classification', 'the classification extension'],
  ]),
};

export interface SplitParameters {
  /** Parameters passed to the model; undefined when none are left. */
  readonly model: Parameters | undefined;
  /** The level's transport parameter, when sent. */
  readonly transport: ParameterValue | undefined;
}

/** Splits `parameters` (already schema-validated) found at `path` (e.g. `inputs[0].parameters`). */
export function splitParameters(parameters: WireParameters | undefined, level: ParameterLevel, path: string): SplitParameters {
  if (parameters === undefined) return { model: undefined, transport: undefined };
  const transportKey = TRANSPORT_KEYS[level];
  const model: Record<string, ParameterValue> = {};
  let transport: ParameterValue | undefined;
  for (const [key, value] of Object.entries(parameters)) {
    const feature = UNSUPPORTED[level].get(key);
    if (feature !== undefined) throw new NotImplementedError(`${path}.${key}: ${feature} is not supported by this server`);
    if (key === transportKey) transport = value as ParameterValue;
    else model[key] = value as ParameterValue;
  }
  return { model: Object.keys(model).length > 0 ? model : undefined, transport };
}

/** A transport flag that must be boolean when present. */
export function booleanParameter(value: ParameterValue | undefined, path: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new InvalidInputError(`${path} must be a boolean`);
}

/** `binary_data_size` must be a whole byte count. */
export function byteCountParameter(value: ParameterValue | undefined, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new InvalidInputError(`${path} must be a non-negative integer byte count`);
}
