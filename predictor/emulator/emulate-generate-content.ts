/**
 * @module emulator/emulate-generate-content
 * One generateContent call, start to end: resolve the context cache, compute the answer,
 * honour maxOutputTokens, apply content faults (malformed, safety, prompt-blocked) and
 * count usage by the documented rule:
 *   prompt      = tokens of every text part sent (cache's instruction + contents, then the request's);
 *   cached      = tokens of the cache's parts (inside `prompt`, as the service reports it);
 *   candidates  = tokens of the returned text;  thoughts = 0;
 *   toolUse     = tokens of the grounding snippets when Search ran;
 *   total       = prompt + candidates + toolUse + thoughts;  tokens(text) = ceil(UTF-8 bytes / 4).
 */
import type { CachedContentStore } from './cached-content-store.js';
import type { AnswerInput, EmulatedAnswer } from './emulated-answer.js';
import { invalidArgument } from './emulator-http.js';
import type { FaultKind } from './emulator-faults.js';
import {
  countContentTokens,
  countTokens,
  hasGoogleSearch,
  textsOf,
  type WireGenerateRequest,
  type WireGenerateResponse,
  type WireUsageMetadata,
} from './emulator-wire.js';

export interface EmulateGenerateContentOptions {
  readonly modelId: string;
  readonly responseId: string;
  readonly caches: CachedContentStore;
  /** Computes the answer (the emulator passes a memoised `createAnswerer()`). */
  readonly answer: (input: AnswerInput) => EmulatedAnswer;
  readonly fault?: FaultKind | undefined;
}

/** Cuts `text` so that it costs at most `maxTokens` under the token rule. */
function truncateToTokens(text: string, maxTokens: number): string {
  let cut = text.slice(0, Math.max(maxTokens, 0) * 4);
  while (cut.length > 0 && countTokens(cut) > maxTokens) cut = cut.slice(0, -1);
  return cut;
}

function resolveCache(body: WireGenerateRequest, modelId: string, caches: CachedContentStore) {
  if (body.cachedContent === undefined) return undefined;
  if (body.systemInstruction !== undefined || body.tools !== undefined || body.toolConfig !== undefined) {
    throw invalidArgument(
      'CachedContent can not be used with GenerateContent request setting system_instruction, tools or tool_config.\n\nProposed fix: move those values to CachedContent from GenerateContent request.',
    );
  }
  const cache = caches.use(body.cachedContent);
  if (cache.model !== `models/${modelId}`) {
    throw invalidArgument(
      `Model used by GenerateContent request (models/${modelId}) and CachedContent (${cache.model}) has to be the same.`,
    );
  }
  return cache;
}

/** Answers one generateContent request body; throws EmulatorRpcError for requests the service rejects. */
export function emulateGenerateContent(body: WireGenerateRequest, options: EmulateGenerateContentOptions): WireGenerateResponse {
  const { modelId, responseId, caches, answer: computeAnswer, fault } = options;
  if (!Array.isArray(body.contents) || body.contents.length === 0)
    throw invalidArgument('* GenerateContentRequest.contents: contents is not specified');
  const cache = resolveCache(body, modelId, caches);
  const instructions = [cache?.systemInstruction, body.systemInstruction];
  const userContents = [...(cache?.contents ?? []), ...body.contents];
  const promptTokenCount = countContentTokens([...instructions, ...userContents]);
  const envelope = { modelVersion: modelId, responseId };
  const cached = cache ? { cachedContentTokenCount: cache.tokenCount } : {};
  const promptOnly: WireUsageMetadata = { promptTokenCount, ...cached, totalTokenCount: promptTokenCount };
  if (fault === 'prompt-blocked') return { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: promptOnly, ...envelope };
  if (fault === 'safety') return { candidates: [{ finishReason: 'SAFETY', index: 0 }], usageMetadata: promptOnly, ...envelope };

  const config = body.generationConfig ?? {};
  const answer = computeAnswer({
    instructionTexts: textsOf(instructions),
    userTexts: textsOf(userContents),
    schema: config.responseJsonSchema ?? config.responseSchema,
    useGoogleSearch: hasGoogleSearch(cache?.tools ?? body.tools),
  });
  let text = fault === 'malformed' ? answer.text.slice(0, Math.max(1, Math.floor(answer.text.length / 2))) : answer.text;
  let finishReason = 'STOP';
  const maxOutputTokens = config.maxOutputTokens;
  if (typeof maxOutputTokens === 'number' && countTokens(text) > maxOutputTokens) {
    text = truncateToTokens(text, maxOutputTokens);
    finishReason = 'MAX_TOKENS';
  }
  // Grounding only for an answer that still contains the grounded claims.
  const grounding = finishReason === 'STOP' && fault !== 'malformed' ? answer.grounding : undefined;
  const candidatesTokenCount = countTokens(text);
  const toolUsePromptTokenCount = grounding ? grounding.snippets.reduce((sum, snippet) => sum + countTokens(snippet), 0) : 0;
  return {
    candidates: [
      {
        content: { role: 'model', parts: [{ text }] },
        finishReason,
        index: 0,
        ...(grounding ? { groundingMetadata: grounding.metadata } : {}),
      },
    ],
    usageMetadata: {
      promptTokenCount,
      ...cached,
      candidatesTokenCount,
      thoughtsTokenCount: 0,
      ...(grounding ? { toolUsePromptTokenCount } : {}),
      totalTokenCount: promptTokenCount + candidatesTokenCount + toolUsePromptTokenCount,
    },
    ...envelope,
  };
}
