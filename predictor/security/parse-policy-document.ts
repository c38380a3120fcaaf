/**
 * @module security/parse-policy-document
 * Parses a YAML or JSON document (YAML's core schema reads JSON too) and validates it with
 * ajv, so a bad key or policy file names every problem at once instead of half-applying.
 */
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../create-ajv.js';
import { CORE_SCHEMA, load } from 'js-yaml';
import { ConfigError } from '../errors.js';

/** A compiled validator for one document shape. */
export type DocumentValidator<T> = ValidateFunction<T>;

/** Compiles `schema` once (strict, every error reported). */
export function compileDocumentSchema<T>(schema: Record<string, unknown>): DocumentValidator<T> {
  return createAjv({ allErrors: true, strict: true, strictRequired: false }).compile<T>(schema);
}

/**
 * Parses `text` and validates it; throws ConfigError naming `sourceName` and each problem.
 * Parser messages are kept (they point at a line) but the text itself never is, since key
 * files are secrets.
 */
export function parsePolicyDocument<T>(text: string, sourceName: string, validate: DocumentValidator<T>): T {
  let document: unknown;
  try {
    document = load(text, { schema: CORE_SCHEMA });
  } catch (error) {
    const line = (error as { mark?: { line?: number } }).mark?.line;
    throw new ConfigError([`${sourceName} is not valid YAML or JSON${line === undefined ? '' : ` (line ${line + 1})`}`]);
  }
  if (!validate(document)) {
    const problems = (validate.errors ?? []).map((error) => `${sourceName}${error.instancePath || ''} ${error.message ?? 'is invalid'}`);
    throw new ConfigError(problems);
  }
  return document;
}
