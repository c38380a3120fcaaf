/**
 * @module pipeline/agents/agent-spec
 * What makes one agent different from another: its name, prompt builder, output schema,
 * Search switch and the role-specific `refine` step. The validator of the relaxed schema is
 * compiled once, when the spec is defined (a pure function of the schema, no I/O).
 */
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../../create-ajv.js';
import type { GenerateResult, JsonSchema } from '../../llm/language-model.js';
import type { AgentInput, AgentName } from '../agent.js';
import type { VersionedPromptBuilder } from '../prompts/prompt.js';
import { relaxSchema } from './conform-to-schema.js';

/** The definition of one JSON-returning agent. */
export interface JsonAgentSpec<TOutput, TName extends string = AgentName> {
  readonly name: TName;
  /** Builds the agent's prompt at a version (the task part; the shared prefix is common). */
  readonly prompt: VersionedPromptBuilder;
  /** The output the model must return; validated (relaxed), then conformed to it. */
  readonly schema: JsonSchema;
  readonly useGoogleSearch: boolean;
  /**
   * Whether `refine` reads the episode's segments (quote verification): a Batch API request
   * of this agent then carries them back as metadata, since the service returns no request.
   */
  readonly refineReadsSegments: boolean;
  /** Role-specific post-processing of the conformed output (sources, quote checks). */
  readonly refine: (output: TOutput, result: GenerateResult, input: AgentInput) => TOutput;
}

/** A spec with its validator compiled. */
export interface CompiledAgentSpec<TOutput, TName extends string = AgentName> extends JsonAgentSpec<TOutput, TName> {
  /** Validates against the relaxed schema (what `conformToSchema` can repair is allowed). */
  readonly validate: ValidateFunction;
}

/** Compiles the spec's validator once. */
export function defineAgentSpec<TOutput, TName extends string>(spec: JsonAgentSpec<TOutput, TName>): CompiledAgentSpec<TOutput, TName> {
  const validate = createAjv({ allErrors: false, strict: true }).compile(relaxSchema(spec.schema));
  return { ...spec, validate };
}
