/**
 * @module contract/usage
 * Token usage as a value. Unknown counts stay `undefined` (not 0), so a sum tells
 * "nothing reported" apart from "zero". Semantics follow Gemini's usageMetadata:
 * cached tokens are inside `inputTokens`; thoughts are billed as output.
 */

export interface Usage {
  /** All prompt tokens, including the cached part (promptTokenCount). */
  readonly inputTokens?: number;
  /** Prompt tokens served from a context cache (cachedContentTokenCount). */
  readonly cachedInputTokens?: number;
  /** Visible output tokens (candidatesTokenCount). */
  readonly outputTokens?: number;
  /** Thinking tokens, billed at the output rate (thoughtsTokenCount). */
  readonly thoughtsTokens?: number;
  /** Tool results fed back to the model, billed as input (toolUsePromptTokenCount). */
  readonly toolUseInputTokens?: number;
  /** Billable search queries run by Google Search grounding. */
  readonly searchQueries?: number;
  /** Grounded prompts (the Gemini 2.5 billing unit for grounding). */
  readonly groundedPrompts?: number;
}

export const EMPTY_USAGE: Usage = Object.freeze({});

const USAGE_KEYS = [
  'inputTokens',
  'cachedInputTokens',
  'outputTokens',
  'thoughtsTokens',
  'toolUseInputTokens',
  'searchQueries',
  'groundedPrompts',
] as const satisfies readonly (keyof Usage)[];

function addCount(left: number | undefined, right: number | undefined): number | undefined {
  if (left === undefined) return right;
  if (right === undefined) return left;
  return left + right;
}

/** Sums two usages field by field; a field unknown on both sides stays unknown. */
export function addUsage(left: Usage, right: Usage): Usage {
  const sum: Record<string, number> = {};
  for (const key of USAGE_KEYS) {
    const value = addCount(left[key], right[key]);
    if (value !== undefined) sum[key] = value;
  }
  return sum;
}

/** Sums any number of usages. */
export function sumUsage(usages: Iterable<Usage>): Usage {
  let total: Usage = EMPTY_USAGE;
  for (const usage of usages) total = addUsage(total, usage);
  return total;
}

/** Output tokens as billed: visible output plus thoughts. */
export function billedOutputTokens(usage: Usage): number {
  return (usage.outputTokens ?? 0) + (usage.thoughtsTokens ?? 0);
}
