/**
 * @module precompiled-validators
 * Validators compiled at build time, by the key `validatorKey` gives their ajv options and
 * schema (see create-ajv.ts). Empty here, so the module tree (tests, `npm start`) compiles
 * at run time; scripts/bundle.mjs puts the generated module in this one's place in the
 * production bundle.
 */
import type { ValidateFunction } from 'ajv';

export const PRECOMPILED_VALIDATORS: ReadonlyMap<string, ValidateFunction> = new Map();
