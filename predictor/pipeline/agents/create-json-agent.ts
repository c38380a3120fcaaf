/**
 * @module pipeline/agents/create-json-agent
 * The shared run loop of every agent: build the versioned prompt, route to a model tier,
 * make one call carrying the signal and deadline, then parse, validate and conform the
 * JSON. Role files supply the schema, the Search switch and a final `refine` step.
 */
import { Ajv } from 'ajv';
import { ContentBlockedError, LlmInvalidResponseError } from '../../errors.js';
import type { GenerateRequest, GenerateResult, JsonSchema, ThinkingLevel } from '../../llm/language-model.js';
import type { LanguageModelProvider } from '../../llm/language-model.js';
import { estimateTokens, type ModelRouter } from '../../llm/model-router.js';
import type { Agent, AgentInput, AgentName } from '../agent.js';
import { promptBuilderFor } from '../prompts/prompt-registry.js';
import { conformToSchema, relaxSchema } from './conform-to-schema.js';
import { parseJsonResponse } from './parse-json-response.js';

/** Generation parameters shared by every agent (config `LLM_TEMPERATURE`, `LLM_MAX_OUTPUT_TOKENS`). */
export interface GenerationSettings {
  readonly temperature: number;
  readonly maxOutputTokens: number;
  readonly thinkingLevel?: ThinkingLevel;
}

/** What every agent factory needs. */
export interface AgentDeps {
  readonly router: ModelRouter;
  readonly models: LanguageModelProvider;
  readonly generation: GenerationSettings;
  /** Epoch ms clock, injected so durations are deterministic in tests. */
  readonly now: () => number;
}

export interface JsonAgentSpec<TOutput> {
  readonly name: AgentName;
  readonly schema: JsonSchema;
  readonly useGoogleSearch: boolean;
  /** Role-specific post-processing of the conformed output (sources, quote checks). */
  readonly refine: (output: TOutput, result: GenerateResult, input: AgentInput) => TOutput;
}

function checkFinish(result: GenerateResult, agent: string): void {
  if (result.finishReason === 'content-filter') throw new ContentBlockedError(`${agent}: the model blocked the response`);
  if (result.finishReason === 'length') {
    throw new LlmInvalidResponseError(`${agent}: response was cut off at the output token limit`);
  }
}

/** Builds an agent that makes one JSON-returning call per episode. */
export function createJsonAgent<TOutput>(spec: JsonAgentSpec<TOutput>, deps: AgentDeps): Agent<TOutput> {
  const { name, schema, useGoogleSearch, refine } = spec;
  const { router, models, generation, now } = deps;
  // Compiled once per agent, not per call.
  const validate = new Ajv({ allErrors: false, strict: true }).compile(relaxSchema(schema));

  function parseOutput(result: GenerateResult): TOutput {
    checkFinish(result, name);
    const value = parseJsonResponse(result.text, name);
    if (!validate(value)) {
      const [first] = validate.errors ?? [];
      const where = first?.instancePath || '/';
      throw new LlmInvalidResponseError(`${name}: response does not match its schema at ${where}: ${first?.message ?? 'invalid'}`);
    }
    return conformToSchema(value, schema) as TOutput;
  }

  return {
    name,
    usesGoogleSearch: useGoogleSearch,
    async run(input, { signal, deadlineAtMs }) {
      const startedAtMs = now();
      const build = promptBuilderFor(name, input.promptVersion);
      let prompt = build(input.episode, { isSchemaEnforced: true });
      const estimatedInputTokens = estimateTokens([prompt.systemInstruction, ...prompt.contents].join('\n'));
      const { modelId } = router.route(name, { estimatedInputTokens });
      const model = models.languageModel(modelId);
      // Older models reject a response schema together with the Search tool: ask for JSON in text.
      if (useGoogleSearch && !model.supportsGroundedJson) prompt = build(input.episode, { isSchemaEnforced: false });
      const request: GenerateRequest = {
        systemInstruction: prompt.systemInstruction,
        contents: prompt.contents,
        ...(prompt.responseJsonSchema ? { responseJsonSchema: prompt.responseJsonSchema } : {}),
        ...(useGoogleSearch ? { useGoogleSearch: true } : {}),
        temperature: generation.temperature,
        maxOutputTokens: generation.maxOutputTokens,
        ...(generation.thinkingLevel ? { thinkingLevel: generation.thinkingLevel } : {}),
        labels: { agent: name, prompt_version: prompt.version },
      };
      const result = await model.generate(request, { signal, ...(deadlineAtMs === undefined ? {} : { deadlineAtMs }) });
      const output = refine(parseOutput(result), result, input);
      return {
        agent: name,
        output,
        usage: result.usage,
        promptVersion: prompt.version,
        modelId,
        modelVersion: result.modelVersion,
        ...(result.fallbackModel ? { fallbackModel: result.fallbackModel } : {}),
        durationMs: Math.max(0, now() - startedAtMs),
        groundingQueryCount: result.grounding?.webSearchQueries.length ?? result.usage.searchQueries ?? 0,
        isCacheHit: result.isCacheHit === true,
      };
    },
  };
}
