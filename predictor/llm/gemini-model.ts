/**
 * @module llm/gemini-model
 * The one adapter between our LanguageModel and `@google/genai`: converts the request,
 * calls generateContent with the caller's AbortSignal, converts the response and maps
 * errors. No retries, timeouts or caching here: each is one middleware (llm/middleware/),
 * so no behaviour is owned twice.
 */
import type { GoogleGenAI } from '@google/genai';
import type { GenerateOptions, GenerateRequest, GenerateResult, LanguageModel } from './language-model.js';
import { toLlmError } from './gemini-errors.js';
import { supportsGroundedJsonByDefault, toGeminiRequest } from './gemini-request.js';
import { fromGeminiResponse } from './gemini-response.js';

export interface CreateGeminiModelOptions {
  readonly client: GoogleGenAI;
  /** Requested model id, e.g. `gemini-3.8-flash`. */
  readonly modelId: string;
  /** Schema + Search in one call; defaults to true for Gemini 3 and later. */
  readonly supportsGroundedJson?: boolean;
}

/**
 * Creates a LanguageModel served by Gemini through the SDK client.
 *
 * @example
 * const model = createGeminiModel({ client: createGeminiClient(options), modelId: 'gemini-3.8-flash' });
 * const { text, usage } = await model.generate({ contents: [transcript] }, { signal });
 */
export function createGeminiModel({
  client,
  modelId,
  supportsGroundedJson = supportsGroundedJsonByDefault(modelId),
}: CreateGeminiModelOptions): LanguageModel {
  return {
    modelId,
    supportsGroundedJson,
    async generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerateResult> {
      const parameters = toGeminiRequest(request, { modelId, supportsGroundedJson, isVertex: client.vertexai, signal: options.signal });
      let response;
      try {
        response = await client.models.generateContent(parameters);
      } catch (error) {
        throw toLlmError(error, modelId, options.signal);
      }
      return fromGeminiResponse(response, { modelId, isJsonRequested: parameters.config?.responseJsonSchema !== undefined });
    },
  };
}
