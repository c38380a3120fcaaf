/**
 * @module pipeline/agents/agent-call
 * One agent call as two pure halves, so the online agents and the Batch API jobs send and
 * read exactly the same thing: `buildAgentRequest` (versioned prompt, generation settings,
 * the grounded-JSON fallback) and `parseAgentOutput` (finish check, JSON parse, schema
 * validation, conforming, the role's `refine`).
 */
import { ContentBlockedError, LlmInvalidResponseError } from '../../errors.js';
import type { GenerateRequest, GenerateResult, LanguageModel, ThinkingLevel } from '../../llm/language-model.js';
import type { AgentInput } from '../agent.js';
import { assertPromptVersion } from '../prompts/prompt-registry.js';
import type { CompiledAgentSpec } from './agent-spec.js';
import { conformToSchema } from './conform-to-schema.js';
import { parseJsonResponse } from './parse-json-response.js';

/** Generation parameters shared by every agent (config `LLM_TEMPERATURE`, `LLM_MAX_OUTPUT_TOKENS`). */
export interface GenerationSettings {
  readonly temperature: number;
  readonly maxOutputTokens: number;
  readonly thinkingLevel?: ThinkingLevel;
}

export interface AgentRequestOptions {
  /** The model that will serve the call; only its capabilities are read. */
  readonly model: Pick<LanguageModel, 'supportsGroundedJson'>;
  readonly generation: GenerationSettings;
  /**
   * Explicit context cache holding the shared prefix (`sharedPrefixOf`). The request then
   * carries only the task part and no system instruction: a cached call may not send
   * systemInstruction, tools or toolConfig (the API rejects them); the cache holds them.
   */
  readonly cachedContent?: string;
}

/**
 * The request of one agent call. A Search agent on a model without grounded JSON gets the
 * schema as text instead of `responseJsonSchema` (older models reject both together).
 */
export function buildAgentRequest<TOutput>(
  spec: CompiledAgentSpec<TOutput>,
  input: AgentInput,
  { model, generation, cachedContent }: AgentRequestOptions,
): GenerateRequest {
  const isSchemaEnforced = !spec.useGoogleSearch || model.supportsGroundedJson;
  assertPromptVersion(input.promptVersion);
  const prompt = spec.prompt(input.episode, {
    version: input.promptVersion,
    isSchemaEnforced,
    ...(input.chunk ? { chunk: input.chunk } : {}),
  });
  const layout =
    cachedContent === undefined
      ? { systemInstruction: prompt.systemInstruction, contents: prompt.contents }
      : { cachedContent, contents: prompt.contents.slice(1) };
  return {
    ...layout,
    ...(prompt.responseJsonSchema ? { responseJsonSchema: prompt.responseJsonSchema } : {}),
    ...(spec.useGoogleSearch ? { useGoogleSearch: true } : {}),
    temperature: generation.temperature,
    maxOutputTokens: generation.maxOutputTokens,
    ...(generation.thinkingLevel ? { thinkingLevel: generation.thinkingLevel } : {}),
    // Bounded telemetry labels (agent, prompt version); also part of the response cache key.
    labels: { agent: spec.name, prompt_version: prompt.version },
  };
}

function checkFinish(result: GenerateResult, agent: string): void {
  if (result.finishReason === 'content-filter') throw new ContentBlockedError(`${agent}: the model blocked the response`);
  if (result.finishReason === 'length') {
    throw new LlmInvalidResponseError(`${agent}: response was cut off at the output token limit`);
  }
}

/**
 * The agent's output from a call result; throws ContentBlockedError or
 * LlmInvalidResponseError when the result cannot be used.
 */
export function parseAgentOutput<TOutput>(spec: CompiledAgentSpec<TOutput>, result: GenerateResult, input: AgentInput): TOutput {
  checkFinish(result, spec.name);
  const value = parseJsonResponse(result.text, spec.name);
  if (!spec.validate(value)) {
    const [first] = spec.validate.errors ?? [];
    const where = first?.instancePath || '/';
    throw new LlmInvalidResponseError(`${spec.name}: response does not match its schema at ${where}: ${first?.message ?? 'invalid'}`);
  }
  return spec.refine(conformToSchema(value, spec.schema) as TOutput, result, input);
}
