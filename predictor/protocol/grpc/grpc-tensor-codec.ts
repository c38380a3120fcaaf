/**
 * @module protocol/grpc/grpc-tensor-codec
 * `ModelInferRequest` → the REST wire request plus its binary part, then the SAME schema
 * validation and tensor decoding REST uses (tensor-codec.ts); `ModelResponse` →
 * `ModelInferResponse`. Each input travels either as `raw_input_contents` (for every input or
 * none, as Triton and KServe require) or as the typed `contents` field of its datatype; BYTES
 * raw elements are length-prefixed (4-byte little-endian), as in the binary tensor extension,
 * so raw inputs become that extension's binary part unchanged. Outputs come back raw when the
 * request was raw (or asked `binary_data_output`), typed otherwise, as KServe's server does.
 */
import { InvalidInputError } from '../../errors.js';
import {
  elementCount,
  type Datatype,
  type ModelRequest,
  type ModelResponse,
  type Tensor,
  type TensorElement,
} from '../../contract/tensor.js';
import { encodeBinaryTensor } from '../binary-tensor.js';
import { decodeInferenceRequest } from '../tensor-codec.js';
import type { InferenceRequestValidator } from '../validate-inference-request.js';
import type { InferenceRequest, RequestInput } from '../wire-types.js';
import type { InferInputTensor, InferOutputTensor, InferTensorContents, ModelInferRequest, ModelInferResponse } from './grpc-wire-types.js';
import { fromInferParameters, toInferParameters } from './infer-parameters.js';

type ContentsField = keyof InferTensorContents;

/** The typed contents field of each datatype; FP16 has none and travels raw only. */
const CONTENTS_FIELD: Readonly<Record<Datatype, ContentsField | undefined>> = Object.freeze({
  BOOL: 'bool_contents',
  INT8: 'int_contents',
  INT16: 'int_contents',
  INT32: 'int_contents',
  INT64: 'int64_contents',
  UINT8: 'uint_contents',
  UINT16: 'uint_contents',
  UINT32: 'uint_contents',
  UINT64: 'uint64_contents',
  FP16: undefined,
  FP32: 'fp32_contents',
  FP64: 'fp64_contents',
  BYTES: 'bytes_contents',
});

export interface DecodedGrpcInferRequest {
  readonly modelName: string;
  /** Undefined when the client left `model_version` empty. */
  readonly modelVersion: string | undefined;
  readonly request: ModelRequest;
  /** Answer with `raw_output_contents` rather than typed contents. */
  readonly useRawOutputs: boolean;
}

function shapeOf(input: { readonly shape: readonly (string | number)[] }, path: string): number[] {
  return input.shape.map((dimension, index) => {
    const size = Number(dimension);
    if (!Number.isSafeInteger(size) || size < 0) throw new InvalidInputError(`${path}.shape[${index}] must be a non-negative integer`);
    return size;
  });
}

/**
 * A typed contents value as the JSON rules read it: int64 decimal strings as numbers when
 * exact (bigint past 2^53, as REST's JSON parser gives them), non-finite floats by name.
 */
function toWireElement(value: unknown): unknown {
  if (typeof value === 'string') {
    const number = Number(value);
    return Number.isSafeInteger(number) ? number : BigInt(value);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

function filledFields(contents: InferTensorContents): ContentsField[] {
  return (Object.keys(contents) as ContentsField[]).filter((field) => (contents[field]?.length ?? 0) > 0);
}

interface InputParts {
  readonly wire: RequestInput;
  readonly binary?: Uint8Array;
}

function typedInput(input: InferInputTensor, base: RequestInput, path: string): InputParts {
  const contents = input.contents ?? {};
  const filled = filledFields(contents);
  // An unknown datatype is left to the schema, which names the allowed ones as over REST.
  if (!Object.hasOwn(CONTENTS_FIELD, input.datatype)) return { wire: { ...base, data: [] } };
  const datatype = input.datatype as Datatype;
  const field = CONTENTS_FIELD[datatype];
  const stray = filled.find((name) => name !== field);
  if (stray !== undefined) {
    const expected = field === undefined ? `${datatype} has no typed contents; send raw_input_contents` : `${datatype} uses ${field}`;
    throw new InvalidInputError(`${path}.contents.${stray} does not match datatype ${datatype} (${expected})`);
  }
  if (field === undefined || filled.length === 0) {
    // No data at all: zero elements are a valid tensor of an empty shape, anything else is not.
    if (elementCount(base.shape) === 0) return { wire: { ...base, data: [] } };
    throw new InvalidInputError(`${path} has no data (send contents.${field ?? '<raw>'} or raw_input_contents)`);
  }
  if (field === 'bytes_contents') {
    const binary = encodeBinaryTensor('BYTES', contents.bytes_contents ?? []);
    return { wire: { ...base, parameters: { ...base.parameters, binary_data_size: binary.byteLength } }, binary };
  }
  return { wire: { ...base, data: (contents[field] ?? []).map(toWireElement) } };
}

function wireInput(input: InferInputTensor, index: number, raw: Uint8Array | undefined): InputParts {
  const path = `inputs[${index}]`;
  // REST's binary_data_size: clients (kserve's InferInput) send it beside raw_input_contents,
  // whose entry already has the size; the codec sets its own from the bytes actually sent.
  const { binary_data_size: _restSize, ...parameters } = fromInferParameters(input.parameters, `${path}.parameters`) ?? {};
  const base: RequestInput = {
    name: input.name,
    datatype: input.datatype,
    shape: shapeOf(input, path),
    ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
  };
  if (raw === undefined) return typedInput(input, base, path);
  if (filledFields(input.contents ?? {}).length > 0)
    throw new InvalidInputError(`${path} has both contents and raw_input_contents; send one`);
  return { wire: { ...base, parameters: { ...base.parameters, binary_data_size: raw.byteLength } }, binary: raw };
}

function concatenate(chunks: readonly Uint8Array[]): Uint8Array | undefined {
  if (chunks.length === 0) return undefined;
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

/**
 * Decodes and validates a `ModelInferRequest` exactly as REST decodes its JSON; throws
 * InvalidInputError (or NotImplementedError for unsupported extensions) naming the field.
 */
export function decodeModelInferRequest(message: ModelInferRequest, validate: InferenceRequestValidator): DecodedGrpcInferRequest {
  const raw = message.raw_input_contents ?? [];
  const isRaw = raw.length > 0;
  if (isRaw && raw.length !== message.inputs.length) {
    throw new InvalidInputError(
      `raw_input_contents has ${raw.length} entries for ${message.inputs.length} inputs; send one per input or none`,
    );
  }
  const parts = message.inputs.map((input, index) => wireInput(input, index, isRaw ? raw[index] : undefined));
  const parameters = fromInferParameters(message.parameters, 'parameters');
  const wire = {
    ...(message.id ? { id: message.id } : {}),
    ...(parameters ? { parameters } : {}),
    inputs: parts.map((part) => part.wire),
    ...(message.outputs && message.outputs.length > 0
      ? {
          outputs: message.outputs.map((output, index) => {
            const outputParameters = fromInferParameters(output.parameters, `outputs[${index}].parameters`);
            return { name: output.name, ...(outputParameters ? { parameters: outputParameters } : {}) };
          }),
        }
      : {}),
  } satisfies InferenceRequest;
  const binary = concatenate(parts.flatMap((part) => (part.binary ? [part.binary] : [])));
  const decoded = decodeInferenceRequest(validate(wire), binary);
  return {
    modelName: message.model_name,
    modelVersion: message.model_version ? message.model_version : undefined,
    request: decoded.request,
    useRawOutputs: isRaw || decoded.format.binaryDataOutput,
  };
}

function typedContents(tensor: Tensor, field: ContentsField): InferTensorContents {
  const { data } = tensor;
  switch (field) {
    case 'bytes_contents':
      return { bytes_contents: data.map((element) => (element instanceof Uint8Array ? element : Buffer.from(String(element), 'utf8'))) };
    case 'int64_contents':
    case 'uint64_contents':
      return { [field]: data.map((element) => String(element as number | bigint)) };
    case 'bool_contents':
      return { bool_contents: data.map(Boolean) };
    default:
      return { [field]: data.map((element: TensorElement) => Number(element)) };
  }
}

export interface EncodeModelInferResponseOptions {
  readonly modelName: string;
  readonly modelVersion: string | undefined;
  readonly response: ModelResponse;
  readonly useRawOutputs: boolean;
}

/** A model response as `ModelInferResponse`; FP16 outputs force raw contents (they have no typed field). */
export function encodeModelInferResponse({
  modelName,
  modelVersion,
  response,
  useRawOutputs,
}: EncodeModelInferResponseOptions): ModelInferResponse {
  for (const output of response.outputs) {
    if (output.data.length !== elementCount(output.shape)) {
      // A model bug, not a client error: becomes INTERNAL.
      throw new Error(
        `Model ${modelName} output '${output.name}' has ${output.data.length} elements for shape [${output.shape.join(', ')}]`,
      );
    }
  }
  const isRaw = useRawOutputs || response.outputs.some((output) => CONTENTS_FIELD[output.datatype] === undefined);
  const outputs = response.outputs.map((output): InferOutputTensor => {
    const parameters = toInferParameters(output.parameters);
    const field = CONTENTS_FIELD[output.datatype];
    return {
      name: output.name,
      datatype: output.datatype,
      shape: output.shape,
      ...(parameters ? { parameters } : {}),
      ...(!isRaw && field !== undefined ? { contents: typedContents(output, field) } : {}),
    };
  });
  const parameters = toInferParameters(response.parameters);
  return {
    model_name: modelName,
    ...(modelVersion !== undefined ? { model_version: modelVersion } : {}),
    ...(response.id !== undefined ? { id: response.id } : {}),
    ...(parameters ? { parameters } : {}),
    outputs,
    ...(isRaw ? { raw_output_contents: response.outputs.map((output) => encodeBinaryTensor(output.datatype, output.data)) } : {}),
  };
}
