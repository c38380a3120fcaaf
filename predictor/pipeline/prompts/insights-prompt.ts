/**
 * @module pipeline/prompts/insights-prompt
 * Prompt of the key-insights agent: at most five takeaways, verbatim notable quotes with
 * the transcript's timestamps, and topic tags. `v2` favours actionable, specific takeaways.
 */
import { INSIGHTS_SCHEMA } from '../agent-output-schemas.js';
import { createPromptBuilder } from './prompt.js';

const QUOTES =
  '- notable_quotes: at most eight memorable quotes, copied VERBATIM from one transcript line (at most 40 words each), with the speaker and the timestamp of that line.';

const TASKS: Readonly<Record<string, string>> = {
  v1: [
    'You extract the key insights of one podcast episode.',
    '- takeaways: one to five of the most important insights, one sentence each.',
    QUOTES,
    '- topic_tags: three to ten short lowercase tags for the topics discussed.',
    'Never invent or paraphrase a quote; if nothing is quotable, return an empty notable_quotes list.',
  ].join('\n'),
  v2: [
    'You extract what a busy listener should remember from one podcast episode.',
    '- takeaways: one to five specific, actionable or surprising insights, one sentence each, most important first;',
    '  prefer concrete numbers, names and recommendations from the transcript over generalities.',
    QUOTES,
    '- topic_tags: three to ten lowercase tags, one or two words each, no duplicates.',
    'Never invent or paraphrase a quote; if nothing is quotable, return an empty notable_quotes list.',
  ].join('\n'),
};

/** Builds the prompt of the insights agent for an episode; throws InvalidInputError for an unknown version. */
export const buildInsightsPrompt = createPromptBuilder({
  agent: 'insights',
  tasks: TASKS,
  schema: INSIGHTS_SCHEMA,
  request: 'Extract the key insights of the episode above.',
  usesGoogleSearch: false,
});
