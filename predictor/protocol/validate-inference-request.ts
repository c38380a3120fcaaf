/**
 * @module protocol/validate-inference-request
 * Validates a parsed `$inference_request` against the OIP schema. The ajv validator is
 * compiled once per router; every problem is reported at once, each naming its field the way
 * a client writes it (`inputs[0].shape`).
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from '../create-ajv.js';
import { InvalidInputError } from '../errors.js';
import { inferenceRequestSchema } from './schemas/inference-request-schema.js';
import type { InferenceRequest } from './wire-types.js';

/** Problems listed in one message before the rest are summarised. */
const MAX_LISTED_PROBLEMS = 10;

/** `/inputs/0/shape/1` → `inputs[0].shape[1]`. */
export function toFieldPath(instancePath: string): string {
  let path = '';
  for (const segment of instancePath.split('/').slice(1)) {
    const key = segment.replaceAll('~1', '/').replaceAll('~0', '~');
    path += /^\d+$/.test(key) ? `[${key}]` : path === '' ? key : `.${key}`;
  }
  return path;
}

function describe(error: ErrorObject): string {
  const field = toFieldPath(error.instancePath);
  if (error.keyword === 'required') {
    const property = (error.params as { missingProperty: string }).missingProperty;
    return `${field === '' ? property : `${field}.${property}`} is required`;
  }
  if (error.keyword === 'additionalProperties' || error.keyword === 'type') {
    return `${field === '' ? 'request body' : field} ${error.message ?? 'is invalid'}`;
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: readonly unknown[] }).allowedValues;
    return `${field} must be one of ${allowed.join(', ')}`;
  }
  return `${field === '' ? 'request body' : field} ${error.message ?? 'is invalid'}`;
}

/** Joins ajv errors into one client-facing sentence list. */
export function formatSchemaErrors(errors: readonly ErrorObject[]): string {
  const problems = [...new Set(errors.map(describe))];
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).join('; ');
  const more = problems.length - MAX_LISTED_PROBLEMS;
  return more > 0 ? `${listed}; and ${more} more` : listed;
}

/** Returns the body as a typed request or throws InvalidInputError listing every problem. */
export type InferenceRequestValidator = (body: unknown) => InferenceRequest;

let compiled: ValidateFunction<InferenceRequest> | undefined;

/**
 * Compiles the schema once; the returned function throws InvalidInputError listing every
 * problem, or returns the body typed as an `InferenceRequest`.
 * @example const validate = createInferenceRequestValidator(); validate(JSON.parse(text));
 */
export function createInferenceRequestValidator(): InferenceRequestValidator {
  // The schema is a constant: compile it once however many routers (v2, jobs) ask for a validator.
  compiled ??= createAjv({ allErrors: true, strict: true, allowUnionTypes: true }).compile<InferenceRequest>(inferenceRequestSchema);
  const validate = compiled;
  return (body) => {
    if (validate(body)) return body;
    throw new InvalidInputError(`Invalid inference request: ${formatSchemaErrors(validate.errors ?? [])}`);
  };
}
