/**
 * @module protocol/grpc/grpc-wire-types
 * The `inference` package's messages as grpc-js hands them over and takes them back (see
 * load-grpc-definitions: snake_case names, int64 as decimal strings, bytes as Buffers, a oneof
 * naming its chosen field, repeated fields always present on decoded messages). Only the gRPC
 * codec turns these into the transport-neutral tensors.
 */

/** int64/uint64 as grpc-js decodes them (decimal strings); numbers are accepted when encoding. */
export type Int64 = string | number;

/** `InferParameter`: one of its fields is set, and `parameter_choice` names it on decoded messages. */
export interface InferParameter {
  readonly bool_param?: boolean;
  readonly int64_param?: Int64;
  readonly string_param?: string;
  readonly double_param?: number;
  readonly uint64_param?: Int64;
  readonly parameter_choice?: 'bool_param' | 'int64_param' | 'string_param' | 'double_param' | 'uint64_param';
}

export type InferParameterMap = Readonly<Record<string, InferParameter>>;

/** `InferTensorContents`: the typed field that matches the tensor's datatype. */
export interface InferTensorContents {
  readonly bool_contents?: readonly boolean[];
  readonly int_contents?: readonly number[];
  readonly int64_contents?: readonly Int64[];
  readonly uint_contents?: readonly number[];
  readonly uint64_contents?: readonly Int64[];
  readonly fp32_contents?: readonly number[];
  readonly fp64_contents?: readonly number[];
  readonly bytes_contents?: readonly Uint8Array[];
}

export interface InferInputTensor {
  readonly name: string;
  readonly datatype: string;
  readonly shape: readonly Int64[];
  readonly parameters?: InferParameterMap;
  readonly contents?: InferTensorContents;
}

export interface InferRequestedOutputTensor {
  readonly name: string;
  readonly parameters?: InferParameterMap;
}

export interface ModelInferRequest {
  readonly model_name: string;
  readonly model_version?: string;
  readonly id?: string;
  readonly parameters?: InferParameterMap;
  readonly inputs: readonly InferInputTensor[];
  readonly outputs?: readonly InferRequestedOutputTensor[];
  readonly raw_input_contents?: readonly Uint8Array[];
}

export interface InferOutputTensor {
  readonly name: string;
  readonly datatype: string;
  readonly shape: readonly Int64[];
  readonly parameters?: InferParameterMap;
  readonly contents?: InferTensorContents;
}

export interface ModelInferResponse {
  readonly model_name: string;
  readonly model_version?: string;
  readonly id?: string;
  readonly parameters?: InferParameterMap;
  readonly outputs: readonly InferOutputTensor[];
  readonly raw_output_contents?: readonly Uint8Array[];
}

/** Triton's `ModelStreamInferResponse`: an error message or a response, per streamed answer. */
export interface ModelStreamInferResponse {
  readonly error_message?: string;
  readonly infer_response?: ModelInferResponse;
}

export interface ModelReadyRequest {
  readonly name: string;
  readonly version?: string;
}

export type ModelMetadataRequest = ModelReadyRequest;

export interface TensorMetadataMessage {
  readonly name: string;
  readonly datatype: string;
  readonly shape: readonly Int64[];
}

export interface ModelMetadataResponse {
  readonly name: string;
  readonly versions: readonly string[];
  readonly platform: string;
  readonly inputs: readonly TensorMetadataMessage[];
  readonly outputs: readonly TensorMetadataMessage[];
  readonly properties?: Readonly<Record<string, string>>;
}
