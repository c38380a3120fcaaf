/**
 * @module pipeline/prompts/summarizer-prompt
 * Prompt of the summarizer agent: overview, core themes, key discussions and outcomes.
 * `v2` asks for tighter, section-aware summaries and attribution of disagreements.
 */
import { SUMMARY_SCHEMA } from '../agent-output-schemas.js';
import { createPromptBuilder } from './prompt.js';

const TASKS: Readonly<Record<string, string>> = {
  v1: [
    'You are a careful podcast editor writing a structured summary of one episode.',
    '- overview: two to four sentences on what the episode is about and who takes part.',
    '- core_themes: the main themes, at most seven, each a short noun phrase.',
    '- key_discussions: the most important discussions in order, at most ten, each a topic and a two or three sentence summary.',
    '- outcomes: conclusions, decisions, recommendations and opinions voiced, at most ten, with the speaker when clear.',
    'Be faithful and neutral; do not add facts, opinions or praise that the transcript does not contain.',
  ].join('\n'),
  v2: [
    'You are a senior podcast editor. Summarise one episode for a reader who will not listen to it.',
    '- overview: at most 60 words: the question the episode explores and its answer.',
    '- core_themes: three to seven themes, each at most five words.',
    '- key_discussions: follow the sections of the transcript when it names them; one entry per',
    '  substantial discussion, at most ten, each summary at most 50 words.',
    '- outcomes: what the speakers conclude, decide or recommend, at most ten; attribute each to its',
    '  speaker, and where speakers disagree, give each position as its own outcome.',
    'Stay neutral and literal: no facts, opinions or judgements beyond the transcript.',
  ].join('\n'),
};

/** Builds the prompt of the summarizer for an episode; throws InvalidInputError for an unknown version. */
export const buildSummarizerPrompt = createPromptBuilder({
  agent: 'summarizer',
  tasks: TASKS,
  schema: SUMMARY_SCHEMA,
  request: 'Write the structured summary of the episode above.',
  usesGoogleSearch: false,
});
