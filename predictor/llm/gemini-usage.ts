/**
 * @module llm/gemini-usage
 * Gemini `usageMetadata` (+ grounding) → our Usage. A field the response leaves out stays
 * undefined, so "not reported" never turns into a billed 0.
 */
import type { GenerateContentResponseUsageMetadata, GroundingMetadata } from '@google/genai';
import type { Usage } from '../contract/usage.js';

/** Whether the model actually grounded the answer (it may decide not to search). */
export function isGrounded(grounding: GroundingMetadata | undefined): boolean {
  return (grounding?.webSearchQueries?.length ?? 0) > 0 || (grounding?.groundingChunks?.length ?? 0) > 0;
}

/**
 * Converts usage metadata. Search billing: on Gemini 3 every unique non-empty query is a
 * billable search (empty strings occur and are free); on 2.5 the grounded prompt is the unit.
 */
export function toUsage(usageMetadata: GenerateContentResponseUsageMetadata | undefined, grounding?: GroundingMetadata): Usage {
  const usage: Record<string, number> = {};
  const counts = {
    inputTokens: usageMetadata?.promptTokenCount,
    cachedInputTokens: usageMetadata?.cachedContentTokenCount,
    outputTokens: usageMetadata?.candidatesTokenCount,
    thoughtsTokens: usageMetadata?.thoughtsTokenCount,
    toolUseInputTokens: usageMetadata?.toolUsePromptTokenCount,
  };
  for (const [key, value] of Object.entries(counts)) if (typeof value === 'number') usage[key] = value;
  if (isGrounded(grounding)) {
    const queries = (grounding?.webSearchQueries ?? []).map((query) => query.trim()).filter((query) => query !== '');
    usage.searchQueries = new Set(queries).size;
    usage.groundedPrompts = 1;
  }
  return usage;
}
