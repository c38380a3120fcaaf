/**
 * @module contract/tensor
 * Transport-neutral tensors. `protocol/tensor-codec.ts` turns OIP wire JSON (and the
 * binary tensor extension) into these, and models never see the wire form.
 */

/** The Open Inference Protocol tensor datatypes. */
export const DATATYPES = [
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
  'BYTES',
] as const;

export type Datatype = (typeof DATATYPES)[number];

/** OIP parameters: string, number or boolean values only. */
export type ParameterValue = string | number | boolean;
export type Parameters = Readonly<Record<string, ParameterValue>>;

/**
 * Flattened tensor data in row-major order. BOOL → boolean, integer and float types →
 * number (INT64/UINT64 beyond 2^53 → bigint), BYTES → Uint8Array (raw bytes; a model
 * decodes text itself, so invalid UTF-8 can be rejected where it matters). Models may
 * return BYTES outputs as strings; the codec encodes both.
 */
export type TensorElement = boolean | number | bigint | string | Uint8Array;

export interface Tensor {
  readonly name: string;
  readonly datatype: Datatype;
  readonly shape: readonly number[];
  readonly data: readonly TensorElement[];
  readonly parameters?: Parameters;
}

/** An output the client asked for, with its per-output parameters. */
export interface RequestedOutput {
  readonly name: string;
  readonly parameters?: Parameters;
}

/** A decoded inference request, as models see it. */
export interface ModelRequest {
  readonly id?: string;
  readonly inputs: readonly Tensor[];
  /** Absent means: all outputs. */
  readonly outputs?: readonly RequestedOutput[];
  readonly parameters?: Parameters;
}

/**
 * What producing a response was billed upstream, the amounts request limits settle. Typed
 * and in-process only: the codecs encode a response's outputs and parameters, never this
 * (a model that wants clients to see its usage puts it in its parameters too).
 */
export interface ResponseUsage {
  /** Billed tokens: all input (its cached part included) plus output (thinking included). */
  readonly tokens: number;
  /** Billed USD; absent when the model prices nothing (settled as 0). */
  readonly costUsd?: number;
}

/** What a model returns; the data plane filters outputs, the codec encodes them. */
export interface ModelResponse {
  readonly id?: string;
  readonly outputs: readonly Tensor[];
  readonly parameters?: Parameters;
  /** Absent: the model reports no usage, and request limits settle 0 tokens and 0 USD. */
  readonly usage?: ResponseUsage;
}

/** Tensor description for model metadata; -1 in a shape means variable size. */
export interface TensorMetadata {
  readonly name: string;
  readonly datatype: Datatype;
  readonly shape: readonly number[];
  readonly parameters?: Parameters;
}

/** Number of elements a shape holds (product of dimensions; 1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}
