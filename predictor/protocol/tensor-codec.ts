/**
 * @module protocol/tensor-codec
 * The one place where OIP wire objects meet the neutral tensors of `dataplane/tensor.ts`:
 * a validated `$inference_request` (plus the binary part of the binary tensor data
 * extension) becomes a `ModelRequest`, and a `ModelResponse` becomes `$inference_response`
 * with each output in JSON or binary as the client asked.
 */
import { InvalidInputError } from '../errors.js';
import {
  elementCount,
  type Datatype,
  type ModelRequest,
  type ModelResponse,
  type RequestedOutput,
  type Tensor,
} from '../contract/tensor.js';
import { decodeBinaryTensor, encodeBinaryTensor } from './binary-tensor.js';
import { decodeJsonTensorData, encodeJsonTensorData } from './json-tensor-data.js';
import { booleanParameter, byteCountParameter, splitParameters } from './transport-parameters.js';
import type { InferenceRequest, InferenceResponse, RequestInput, ResponseOutput } from './wire-types.js';

/** How the client wants outputs sent back (binary tensor data extension). */
export interface ResponseFormat {
  /** Request parameter `binary_data_output`: every output binary unless it says otherwise. */
  readonly binaryDataOutput: boolean;
  /** Output parameter `binary_data`, by output name; overrides the request default. */
  readonly binaryByOutput: ReadonlyMap<string, boolean>;
}

export interface DecodedInferenceRequest {
  readonly request: ModelRequest;
  readonly format: ResponseFormat;
}

/** Reads binary input data in input order, each input taking `binary_data_size` bytes. */
class BinaryCursor {
  private offset = 0;
  private readonly bytes: Uint8Array | undefined;
  constructor(bytes: Uint8Array | undefined) {
    this.bytes = bytes;
  }

  take(size: number, path: string): Uint8Array {
    if (this.bytes === undefined) {
      throw new InvalidInputError(
        `${path}.parameters.binary_data_size is set but the request has no Inference-Header-Content-Length binary part`,
      );
    }
    const left = this.bytes.byteLength - this.offset;
    if (size > left) throw new InvalidInputError(`${path}.parameters.binary_data_size is ${size} but only ${left} binary bytes are left`);
    const chunk = this.bytes.subarray(this.offset, this.offset + size);
    this.offset += size;
    return chunk;
  }

  assertConsumed(): void {
    const left = (this.bytes?.byteLength ?? 0) - this.offset;
    if (left > 0) throw new InvalidInputError(`${left} bytes after the JSON header belong to no input's binary_data_size`);
  }
}

function decodeInput(input: RequestInput, index: number, binary: BinaryCursor): Tensor {
  const path = `inputs[${index}]`;
  const label = `${path} ('${input.name}')`;
  const datatype = input.datatype as Datatype; // the schema restricts it to DATATYPES
  const parameters = splitParameters(input.parameters, 'input', `${path}.parameters`);
  const binarySize = byteCountParameter(parameters.transport, `${path}.parameters.binary_data_size`);
  let data;
  if (binarySize !== undefined) {
    if (input.data !== undefined) throw new InvalidInputError(`${path} has both data and parameters.binary_data_size; send one`);
    data = decodeBinaryTensor(datatype, binary.take(binarySize, path), elementCount(input.shape), label);
  } else if (input.data !== undefined) {
    data = decodeJsonTensorData(input.data, datatype, input.shape, label);
  } else {
    throw new InvalidInputError(`${path} has no data (send data, or parameters.binary_data_size with a binary part)`);
  }
  return { name: input.name, datatype, shape: input.shape, data, ...(parameters.model ? { parameters: parameters.model } : {}) };
}

function assertUniqueNames(items: readonly { readonly name: string }[], field: string): void {
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (seen.has(item.name)) throw new InvalidInputError(`${field}[${index}].name '${item.name}' is given twice`);
    seen.add(item.name);
  }
}

/** Turns a schema-validated request and its binary part (if any) into a `ModelRequest`. */
export function decodeInferenceRequest(wire: InferenceRequest, binary?: Uint8Array): DecodedInferenceRequest {
  assertUniqueNames(wire.inputs, 'inputs');
  const requestParameters = splitParameters(wire.parameters, 'request', 'parameters');
  const binaryDataOutput = booleanParameter(requestParameters.transport, 'parameters.binary_data_output') ?? false;
  const cursor = new BinaryCursor(binary);
  const inputs = wire.inputs.map((input, index) => decodeInput(input, index, cursor));
  cursor.assertConsumed();
  const binaryByOutput = new Map<string, boolean>();
  let outputs: RequestedOutput[] | undefined;
  if (wire.outputs !== undefined) {
    assertUniqueNames(wire.outputs, 'outputs');
    outputs = wire.outputs.map((output, index) => {
      const path = `outputs[${index}].parameters`;
      const parameters = splitParameters(output.parameters, 'output', path);
      const isBinary = booleanParameter(parameters.transport, `${path}.binary_data`);
      if (isBinary !== undefined) binaryByOutput.set(output.name, isBinary);
      return { name: output.name, ...(parameters.model ? { parameters: parameters.model } : {}) };
    });
  }
  const request: ModelRequest = {
    ...(wire.id !== undefined ? { id: wire.id } : {}),
    inputs,
    ...(outputs !== undefined ? { outputs } : {}),
    ...(requestParameters.model ? { parameters: requestParameters.model } : {}),
  };
  return { request, format: { binaryDataOutput, binaryByOutput } };
}

export interface EncodeInferenceResponseOptions {
  readonly modelName: string;
  /** Only set when the client named a version (servers without versioning omit it). */
  readonly modelVersion?: string | undefined;
  readonly response: ModelResponse;
  readonly format: ResponseFormat;
}

export interface EncodedInferenceResponse {
  readonly header: InferenceResponse;
  /** Binary output data in output order; undefined when every output is JSON. */
  readonly binary: readonly Uint8Array[] | undefined;
}

/** Encodes a model response; outputs the client wants binary carry `binary_data_size`. */
export function encodeInferenceResponse({
  modelName,
  modelVersion,
  response,
  format,
}: EncodeInferenceResponseOptions): EncodedInferenceResponse {
  const chunks: Uint8Array[] = [];
  let hasBinary = false;
  const outputs = response.outputs.map((output): ResponseOutput => {
    const expectedCount = elementCount(output.shape);
    if (output.data.length !== expectedCount) {
      // A model bug, not a client error: becomes a logged 500.
      throw new Error(
        `Model ${modelName} output '${output.name}' has ${output.data.length} elements for shape [${output.shape.join(', ')}]`,
      );
    }
    const base = { name: output.name, shape: output.shape, datatype: output.datatype };
    if (format.binaryByOutput.get(output.name) ?? format.binaryDataOutput) {
      const bytes = encodeBinaryTensor(output.datatype, output.data);
      chunks.push(bytes);
      hasBinary = true;
      return { ...base, parameters: { ...output.parameters, binary_data_size: bytes.byteLength } };
    }
    return { ...base, ...(output.parameters ? { parameters: output.parameters } : {}), data: encodeJsonTensorData(output.data) };
  });
  const header: InferenceResponse = {
    model_name: modelName,
    ...(modelVersion !== undefined ? { model_version: modelVersion } : {}),
    ...(response.id !== undefined ? { id: response.id } : {}),
    ...(response.parameters ? { parameters: response.parameters } : {}),
    outputs,
  };
  return { header, binary: hasBinary ? chunks : undefined };
}
