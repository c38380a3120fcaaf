/**
 * @module pipeline/prompts/fact-checker-prompt
 * Prompt of the fact-checker agent: the episode's checkable claims, each checked with
 * Google Search. Sources are NOT asked for in the JSON: they are taken from the grounding
 * metadata afterwards, so a model cannot invent a URL. `v2` asks for stricter verdicts.
 */
import { FACT_CHECK_SCHEMA } from '../agent-output-schemas.js';
import { createPromptBuilder } from './prompt.js';

const CLAIM_FIELDS = [
  '- claim: the claim as a faithful one-sentence paraphrase;',
  '- timestamp: the timestamp of the transcript line where it is made, as written; speaker: who makes it;',
  '- verdict: "verified" (current reliable sources support it), "possibly_outdated_or_inaccurate"',
  '  (sources contradict it or newer figures exist) or "unverifiable" (no reliable source found, or not checkable);',
  '- confidence: your confidence in the verdict, from 0 to 1;',
  '- explanation: one or two sentences on what the search found. Do not put URLs in the JSON.',
].join('\n');

const TASKS: Readonly<Record<string, string>> = {
  v1: [
    'You are a fact-checker. List the factual claims made in one podcast episode and check each with Google Search.',
    'Pick checkable statements of fact (statistics, dates, named events, scientific, historical or legal facts),',
    'not opinions, jokes or predictions; at most fifteen, the most consequential first. For each claim give:',
    CLAIM_FIELDS,
    'Use Google Search for every claim before giving a verdict.',
  ].join('\n'),
  v2: [
    'You are a rigorous fact-checker. List the factual claims made in one podcast episode and check each with Google Search.',
    'Pick checkable statements of fact (numbers, dates, named events, scientific, historical or legal facts),',
    'not opinions or predictions; at most fifteen, the most consequential first. For each claim give:',
    CLAIM_FIELDS,
    'Search for every claim. Say "verified" only when an authoritative source found by the search states it;',
    'when sources disagree or the figure has changed since, say "possibly_outdated_or_inaccurate"; when in doubt,',
    '"unverifiable" with a low confidence.',
  ].join('\n'),
};

/** Builds the prompt of the fact-checker for an episode; throws InvalidInputError for an unknown version. */
export const buildFactCheckerPrompt = createPromptBuilder({
  agent: 'fact-checker',
  tasks: TASKS,
  schema: FACT_CHECK_SCHEMA,
  request: 'List and check the factual claims of the episode above.',
  usesGoogleSearch: true,
});
