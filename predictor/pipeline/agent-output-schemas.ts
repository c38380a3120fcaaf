/**
 * @module pipeline/agent-output-schemas
 * The structured output of each agent: TypeScript types and the JSON schemas sent to
 * Gemini as `responseJsonSchema` and used (ajv) to validate what comes back. The subset
 * used here is what Gemini accepts (type, properties, required, items, enum, min/max).
 */
import type { JsonSchema } from '../llm/language-model.js';
import { deepFreeze } from '../deep-freeze.js';

export interface SummaryOutput {
  readonly overview: string;
  readonly core_themes: readonly string[];
  readonly key_discussions: readonly { readonly topic: string; readonly summary: string }[];
  readonly outcomes: readonly { readonly statement: string; readonly speaker?: string }[];
}

export interface NotableQuote {
  readonly quote: string;
  readonly speaker: string;
  /** Must be a timestamp that exists in the transcript. */
  readonly timestamp: string;
}

export interface InsightsOutput {
  /** At most five. */
  readonly takeaways: readonly string[];
  readonly notable_quotes: readonly NotableQuote[];
  readonly topic_tags: readonly string[];
}

export type Verdict = 'verified' | 'possibly_outdated_or_inaccurate' | 'unverifiable';

export interface FactCheckSource {
  readonly uri: string;
  readonly title?: string;
}

export interface CheckedClaim {
  readonly claim: string;
  readonly timestamp: string;
  readonly speaker?: string;
  readonly verdict: Verdict;
  readonly confidence: number;
  readonly explanation: string;
  /** Filled from Google Search grounding metadata, never from model text. */
  readonly sources: readonly FactCheckSource[];
}

export interface FactCheckOutput {
  readonly claims: readonly CheckedClaim[];
}

export const VERDICTS: readonly Verdict[] = ['verified', 'possibly_outdated_or_inaccurate', 'unverifiable'];

export const SUMMARY_SCHEMA: JsonSchema = deepFreeze({
  type: 'object',
  properties: {
    overview: { type: 'string', description: 'Two to four sentences on what the episode is about.' },
    core_themes: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 7 },
    key_discussions: {
      type: 'array',
      items: {
        type: 'object',
        properties: { topic: { type: 'string' }, summary: { type: 'string' } },
        required: ['topic', 'summary'],
      },
      maxItems: 10,
    },
    outcomes: {
      type: 'array',
      description: 'Conclusions, decisions and opinions voiced in the episode.',
      items: {
        type: 'object',
        properties: { statement: { type: 'string' }, speaker: { type: 'string' } },
        required: ['statement'],
      },
      maxItems: 10,
    },
  },
  required: ['overview', 'core_themes', 'key_discussions', 'outcomes'],
});

export const INSIGHTS_SCHEMA: JsonSchema = deepFreeze({
  type: 'object',
  properties: {
    takeaways: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 5 },
    notable_quotes: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          quote: { type: 'string', description: 'Verbatim words from the transcript.' },
          speaker: { type: 'string' },
          timestamp: { type: 'string', description: 'The timestamp of the segment the quote is from, as written.' },
        },
        required: ['quote', 'speaker', 'timestamp'],
      },
      maxItems: 8,
    },
    topic_tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 10 },
  },
  required: ['takeaways', 'notable_quotes', 'topic_tags'],
});

/** What the model returns for the fact-check; sources are attached from grounding afterwards. */
export const FACT_CHECK_SCHEMA: JsonSchema = deepFreeze({
  type: 'object',
  properties: {
    claims: {
      type: 'array',
      maxItems: 15,
      items: {
        type: 'object',
        properties: {
          claim: { type: 'string' },
          timestamp: { type: 'string' },
          speaker: { type: 'string' },
          verdict: { type: 'string', enum: [...VERDICTS] },
          confidence: { type: 'number', minimum: 0, maximum: 1 },
          explanation: { type: 'string' },
        },
        required: ['claim', 'timestamp', 'verdict', 'confidence', 'explanation'],
      },
    },
  },
  required: ['claims'],
});
