/**
 * @module llm/gemini-response
 * A generateContent response → our GenerateResult: text without thought parts, finish
 * reason normalised, usage and grounding converted. Safety blocks (of the prompt or the
 * answer) become ContentBlockedError; an answer with nothing in it, LlmInvalidResponseError.
 */
import type { Candidate, GenerateContentResponse } from '@google/genai';
import { ContentBlockedError, LlmInvalidResponseError } from '../errors.js';
import type { FinishReason, GenerateResult } from './language-model.js';
import { toGrounding } from './gemini-grounding.js';
import { toUsage } from './gemini-usage.js';

/** Finish reasons that mean the answer was withheld for policy reasons. */
const BLOCKING_FINISH_REASONS: ReadonlySet<string> = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
  'MODEL_ARMOR',
]);

/** Gemini finish reason → ours. */
export function toFinishReason(finishReason: string | undefined): FinishReason {
  if (finishReason === 'STOP') return 'stop';
  if (finishReason === 'MAX_TOKENS') return 'length';
  if (finishReason !== undefined && BLOCKING_FINISH_REASONS.has(finishReason)) return 'content-filter';
  return 'other';
}

/** Visible text of a candidate (thought summaries skipped, as `response.text` does, without its console warnings). */
function visibleText(candidate: Candidate): string | undefined {
  const parts = (candidate.content?.parts ?? []).filter((part) => typeof part.text === 'string' && part.thought !== true);
  return parts.length === 0 ? undefined : parts.map((part) => part.text).join('');
}

function isParsableJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export interface FromGeminiResponseOptions {
  readonly modelId: string;
  /** JSON was requested via responseJsonSchema: a complete answer must parse. */
  readonly isJsonRequested: boolean;
}

/** Converts the response, or throws ContentBlockedError / LlmInvalidResponseError. */
export function fromGeminiResponse(response: GenerateContentResponse, options: FromGeminiResponseOptions): GenerateResult {
  const { modelId, isJsonRequested } = options;
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason !== undefined) throw new ContentBlockedError(`Gemini ${modelId} blocked the prompt (${blockReason})`);
  const candidate = response.candidates?.[0];
  if (candidate === undefined) throw new LlmInvalidResponseError(`Gemini ${modelId} returned no candidates`);
  const rawFinishReason = candidate.finishReason as string | undefined;
  const finishReason = toFinishReason(rawFinishReason);
  if (finishReason === 'content-filter') {
    throw new ContentBlockedError(`Gemini ${modelId} withheld the answer (${rawFinishReason})`);
  }
  const text = visibleText(candidate);
  // A MAX_TOKENS answer may be empty (thinking used the budget): the caller decides on 'length'.
  if (text === undefined && finishReason !== 'length') {
    throw new LlmInvalidResponseError(`Gemini ${modelId} returned no text (${rawFinishReason ?? 'no finish reason'})`);
  }
  if (text !== undefined && isJsonRequested && finishReason === 'stop' && !isParsableJson(text)) {
    throw new LlmInvalidResponseError(`Gemini ${modelId} returned malformed JSON`);
  }
  const grounding = toGrounding(candidate.groundingMetadata);
  const servedTier = response.usageMetadata?.trafficType;
  return {
    text: text ?? '',
    finishReason,
    usage: toUsage(response.usageMetadata, candidate.groundingMetadata),
    modelVersion: response.modelVersion ?? modelId,
    ...(response.responseId === undefined ? {} : { responseId: response.responseId }),
    ...(grounding === undefined ? {} : { grounding }),
    ...(servedTier === undefined ? {} : { servedTier: String(servedTier) }),
  };
}
