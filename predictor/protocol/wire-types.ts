/**
 * @module protocol/wire-types
 * Open Inference Protocol v2 REST JSON objects as they travel on the wire, with the spec's
 * names (`open_inference_rest.yaml`, `inference_rest.md`). Only the codec turns these into
 * the transport-neutral tensors of `dataplane/tensor.ts`.
 */

/** `$parameters`: values are validated to be string, number or boolean. */
export type WireParameters = Readonly<Record<string, unknown>>;

/** `$request_input`; `data` is absent when the tensor travels as binary data. */
export interface RequestInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: string;
  readonly parameters?: WireParameters;
  readonly data?: readonly unknown[];
}

/** `$request_output`. */
export interface RequestOutput {
  readonly name: string;
  readonly parameters?: WireParameters;
}

/** `$inference_request`. Unknown extra fields (e.g. `model_name`) are tolerated. */
export interface InferenceRequest {
  readonly id?: string;
  readonly parameters?: WireParameters;
  readonly inputs: readonly RequestInput[];
  readonly outputs?: readonly RequestOutput[];
}

/** `$response_output`; `data` is absent when the output is sent as binary data. */
export interface ResponseOutput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: string;
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
  readonly data?: readonly unknown[];
}

/** `$inference_response`. */
export interface InferenceResponse {
  readonly model_name: string;
  readonly model_version?: string;
  readonly id?: string;
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
  readonly outputs: readonly ResponseOutput[];
}
