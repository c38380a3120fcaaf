/**
 * @module llm/gemini-request
 * Our GenerateRequest → the SDK's generateContent parameters, applying the wire rules the
 * service enforces: a cached-content call sends no systemInstruction/tools (they live in
 * the cache), and Search grounding with a response schema only works on Gemini 3+.
 */
import { ServiceTier, ThinkingLevel, type GenerateContentConfig, type GenerateContentParameters } from '@google/genai';
import type { GenerateRequest, ServiceTier as OurServiceTier, ThinkingLevel as OurThinkingLevel } from './language-model.js';

const THINKING_LEVELS: Readonly<Record<OurThinkingLevel, ThinkingLevel>> = {
  minimal: ThinkingLevel.MINIMAL,
  low: ThinkingLevel.LOW,
  medium: ThinkingLevel.MEDIUM,
  high: ThinkingLevel.HIGH,
};

/** Service tiers the API takes in the body; `standard` is the default and is not sent. */
const SERVICE_TIERS: Readonly<Partial<Record<OurServiceTier, ServiceTier>>> = {
  flex: ServiceTier.FLEX,
  priority: ServiceTier.PRIORITY,
};

/** Vertex: route the call to provisioned throughput only (no spill-over to shared capacity). */
export const VERTEX_REQUEST_TYPE_HEADER = 'X-Vertex-AI-LLM-Request-Type';

/** Gemini 3 and later accept `responseJsonSchema` together with the googleSearch tool. */
export function supportsGroundedJsonByDefault(modelId: string): boolean {
  return /^(?:models\/)?gemini-([3-9]|\d{2,})/.test(modelId);
}

/** The text part that asks for JSON in prose when the schema cannot be sent with Search. */
export function jsonInstructionFor(schema: Readonly<Record<string, unknown>>): string {
  return `Answer with one JSON object only, no prose and no code fence, matching this JSON schema:\n${JSON.stringify(schema)}`;
}

export interface ToGeminiRequestOptions {
  readonly modelId: string;
  readonly supportsGroundedJson: boolean;
  readonly isVertex: boolean;
  readonly signal?: AbortSignal | undefined;
}

/** Builds `client.models.generateContent` parameters for one request. */
export function toGeminiRequest(request: GenerateRequest, options: ToGeminiRequestOptions): GenerateContentParameters {
  const { modelId, supportsGroundedJson, isVertex, signal } = options;
  const schema = request.responseJsonSchema;
  const usesCache = request.cachedContent !== undefined;
  // With a cache, systemInstruction and tools must already be in it: the service answers 400.
  const sendsSearchTool = request.useGoogleSearch === true && !usesCache;
  const isSchemaInProse = schema !== undefined && request.useGoogleSearch === true && !supportsGroundedJson;
  const contents = isSchemaInProse ? [...request.contents, jsonInstructionFor(schema)] : [...request.contents];
  const config: GenerateContentConfig = {
    ...(request.systemInstruction !== undefined && !usesCache ? { systemInstruction: request.systemInstruction } : {}),
    ...(schema !== undefined && !isSchemaInProse ? { responseMimeType: 'application/json', responseJsonSchema: schema } : {}),
    ...(sendsSearchTool ? { tools: [{ googleSearch: {} }] } : {}),
    ...(usesCache ? { cachedContent: request.cachedContent } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(request.thinkingLevel !== undefined ? { thinkingConfig: { thinkingLevel: THINKING_LEVELS[request.thinkingLevel] } } : {}),
    ...serviceTierConfig(request.serviceTier, isVertex),
    ...(signal !== undefined ? { abortSignal: signal } : {}),
  };
  return { model: modelId, contents: [{ role: 'user', parts: contents.map((text) => ({ text })) }], config };
}

function serviceTierConfig(tier: OurServiceTier | undefined, isVertex: boolean): GenerateContentConfig {
  if (tier === undefined) return {};
  if (tier === 'provisioned') {
    // Provisioned throughput exists on Vertex only; on the Gemini API it means the default tier.
    return isVertex ? { httpOptions: { headers: { [VERTEX_REQUEST_TYPE_HEADER]: 'dedicated' } } } : {};
  }
  const serviceTier = SERVICE_TIERS[tier];
  return serviceTier === undefined ? {} : { serviceTier };
}
