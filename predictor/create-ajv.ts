/**
 * @module create-ajv
 * The one way the predictor makes an ajv instance, for its own static schemas. Ajv validates
 * every schema against the JSON-Schema meta-schema when it compiles it, which costs about
 * 20 ms per instance at start-up (a third of a cold start); these schemas are code, so
 * `test/create-ajv.test.ts` validates each one against the meta-schema instead, once.
 */
import { Ajv, type Options } from 'ajv';

export function createAjv(options: Options = {}): Ajv {
  return new Ajv({ validateSchema: false, ...options });
}
