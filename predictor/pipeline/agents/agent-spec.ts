/**
 * @module pipeline/agents/agent-spec
 * What makes one agent different from another: its name, output schema, Search switch and
 * the role-specific `refine` step. The validator of the relaxed schema is compiled once,
 * when the spec is defined (a pure function of the schema, no I/O).
 */
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../../create-ajv.js';
import type { GenerateResult, JsonSchema } from '../../llm/language-model.js';
import type { AgentInput, AgentName } from '../agent.js';
import { relaxSchema } from './conform-to-schema.js';

/** The definition of one JSON-returning agent. */
export interface JsonAgentSpec<TOutput> {
  readonly name: AgentName;
  readonly schema: JsonSchema;
  readonly useGoogleSearch: boolean;
  /** Role-specific post-processing of the conformed output (sources, quote checks). */
  readonly refine: (output: TOutput, result: GenerateResult, input: AgentInput) => TOutput;
}

/** A spec with its validator compiled. */
export interface CompiledAgentSpec<TOutput> extends JsonAgentSpec<TOutput> {
  /** Validates against the relaxed schema (what `conformToSchema` can repair is allowed). */
  readonly validate: ValidateFunction;
}

/** Compiles the spec's validator once. */
export function defineAgentSpec<TOutput>(spec: JsonAgentSpec<TOutput>): CompiledAgentSpec<TOutput> {
  const validate = createAjv({ allErrors: false, strict: true }).compile(relaxSchema(spec.schema));
  return { ...spec, validate };
}
