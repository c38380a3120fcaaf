/**
 * @module protocol/schemas/inference-request-schema
 * JSON schema of `$inference_request`, derived from `inference_request` in
 * kserve/open-inference-protocol specification/protocol/open_inference_rest.yaml
 * (@d49cc23f) and the prose of inference_rest.md. Deliberate differences, each from the prose:
 * - `parameters` values must be string, number or boolean ("$parameter = $string : $string |
 *   $number | $boolean"); the YAML only says `type: object`.
 * - `shape` dimensions are integers >= 0 ("representable as an unsigned 64-bit integer").
 * - `datatype` is one of the Tensor Data Types table.
 * - `data` is not required: with the binary tensor data extension the tensor travels after the
 *   JSON header; the codec checks that exactly one of the two is there.
 * - `data` is only checked to be an array here; the codec validates each element with the
 *   input name and element index (faster than a recursive `anyOf` on large tensors).
 * Unknown properties are allowed everywhere: clients add fields such as `model_name`.
 */
import { DATATYPES } from '../../contract/tensor.js';

const parametersSchema = {
  type: 'object',
  additionalProperties: { type: ['string', 'number', 'boolean'] },
} as const;

/** The `$inference_request` schema (see the module comment for deviations). */
export const inferenceRequestSchema = {
  type: 'object',
  required: ['inputs'],
  properties: {
    id: { type: 'string' },
    parameters: parametersSchema,
    inputs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'shape', 'datatype'],
        properties: {
          name: { type: 'string', minLength: 1 },
          shape: { type: 'array', items: { type: 'integer', minimum: 0 } },
          datatype: { type: 'string', enum: DATATYPES },
          parameters: parametersSchema,
          data: { type: 'array' },
        },
      },
    },
    outputs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1 },
          parameters: parametersSchema,
        },
      },
    },
  },
} as const;
