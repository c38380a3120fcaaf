/**
 * @module protocol/grpc/infer-parameters
 * `map<string, InferParameter>` ⇄ the plain OIP parameters REST carries. Integers past 2^53
 * cannot be a parameter value (parameters are JSON numbers over REST) and are refused.
 */
import { InvalidInputError } from '../../errors.js';
import type { Parameters, ParameterValue } from '../../contract/tensor.js';
import type { InferParameter, InferParameterMap } from './grpc-wire-types.js';

function exactInteger(value: string | number, path: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number))
    throw new InvalidInputError(`${path} is ${String(value)}, beyond the exact integer range of a parameter`);
  return number;
}

function valueOf(parameter: InferParameter, path: string): ParameterValue {
  switch (parameter.parameter_choice) {
    case 'bool_param':
      return parameter.bool_param ?? false;
    case 'string_param':
      return parameter.string_param ?? '';
    case 'double_param':
      return parameter.double_param ?? 0;
    case 'int64_param':
      return exactInteger(parameter.int64_param ?? 0, path);
    case 'uint64_param':
      return exactInteger(parameter.uint64_param ?? 0, path);
    default:
      throw new InvalidInputError(`${path} has no value (set one of bool_param, int64_param, string_param, double_param, uint64_param)`);
  }
}

/** Plain parameters of a decoded map, or undefined when it is empty; `path` names it in errors. */
export function fromInferParameters(parameters: InferParameterMap | undefined, path: string): Parameters | undefined {
  if (parameters === undefined) return undefined;
  const entries = Object.entries(parameters);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([key, parameter]) => [key, valueOf(parameter, `${path}.${key}`)]));
}

function toInferParameter(value: ParameterValue): InferParameter {
  if (typeof value === 'boolean') return { bool_param: value };
  if (typeof value === 'string') return { string_param: value };
  return Number.isSafeInteger(value) ? { int64_param: value } : { double_param: value };
}

/** The map form of plain parameters (integers as int64_param, other numbers as double_param). */
export function toInferParameters(parameters: Parameters | undefined): InferParameterMap | undefined {
  if (parameters === undefined) return undefined;
  return Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key, toInferParameter(value)]));
}
