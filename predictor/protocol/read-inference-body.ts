/**
 * @module protocol/read-inference-body
 * Splits an inference request body into its JSON header and, with the binary tensor data
 * extension, the binary part: `Inference-Header-Content-Length: N` says the first N bytes
 * are the JSON object and the rest is tensor data (Triton's binary_tensor_data extension,
 * also used by the KServe Python SDK).
 */
import { InvalidInputError } from '../errors.js';
import { parseJsonBody } from './parse-json.js';

/** Header naming the JSON part's byte length (HTTP header names are case-insensitive). */
export const INFERENCE_HEADER_CONTENT_LENGTH = 'inference-header-content-length';

export interface InferenceBody {
  /** The parsed JSON header (not yet validated). */
  readonly json: unknown;
  /** Bytes after the JSON header; undefined without the binary extension. */
  readonly binary?: Uint8Array;
}

const DECIMAL = /^\d{1,15}$/;

/**
 * Parses `body` (any Content-Type); `headerLength` is the raw header value, if sent;
 * `maxJsonDepth` bounds the JSON nesting.
 */
export function readInferenceBody(body: Uint8Array | undefined, headerLength: string | undefined, maxJsonDepth?: number): InferenceBody {
  const bytes = body ?? new Uint8Array(0);
  if (headerLength === undefined) return { json: parseJsonBody(bytes, { maxDepth: maxJsonDepth }) };
  const trimmed = headerLength.trim();
  if (!DECIMAL.test(trimmed)) {
    throw new InvalidInputError(`Inference-Header-Content-Length must be a decimal byte count, got '${trimmed.slice(0, 32)}'`);
  }
  const jsonLength = Number(trimmed);
  if (jsonLength === 0 || jsonLength > bytes.byteLength) {
    throw new InvalidInputError(`Inference-Header-Content-Length ${jsonLength} must be between 1 and the body length ${bytes.byteLength}`);
  }
  return {
    json: parseJsonBody(bytes.subarray(0, jsonLength), { maxDepth: maxJsonDepth, what: 'JSON header of the request' }),
    binary: bytes.subarray(jsonLength),
  };
}
