/**
 * @module test/evaluation/support/subjects
 * A small episode and correct outputs for it, to vary per test (a made-up quote, a wrong
 * timestamp, an invented source), plus the grounding its fact-check call returned.
 */
import type { Grounding } from '../../../predictor/llm/language-model.js';
import { decodeEpisode } from '../../../predictor/pipeline/decode-episode.js';
import type { Episode } from '../../../predictor/pipeline/episode.js';
import type { EvaluationSubject } from '../../../predictor/evaluation/evaluation-subject.js';
import type { FactCheckOutput, InsightsOutput, SummaryOutput } from '../../../predictor/pipeline/agent-output-schemas.js';

export const WIRE_EPISODE = {
  episode_id: 'rivers',
  title: 'Rivers of the World',
  host: 'Ana Silva',
  transcript: [
    { timestamp: '00:00:05', speaker: 'Ana Silva', text: 'Welcome to the show about the rivers of the world.' },
    { timestamp: '00:01:10', speaker: 'Ben Cole', text: 'The Amazon carries about one fifth of all river water that reaches the oceans.' },
    { timestamp: '00:02:30', speaker: 'Ben Cole', text: 'The Nile is roughly 6,650 kilometres long, and we measured it twice in 2019.' },
    { timestamp: '00:03:45', speaker: 'Ana Silva', text: 'I think every city should protect its river banks.' },
  ],
};

export function sampleEpisode(): Episode {
  return decodeEpisode(JSON.stringify(WIRE_EPISODE), 0);
}

export const GOOD_SUMMARY: SummaryOutput = {
  overview: 'Ana Silva and Ben Cole talk about the Amazon and the Nile.',
  core_themes: ['rivers'],
  key_discussions: [{ topic: 'The Nile', summary: 'The Nile is about 6,650 kilometres long.' }],
  outcomes: [{ statement: 'Cities should protect their river banks.', speaker: 'Ana Silva' }],
};

export const GOOD_INSIGHTS: InsightsOutput = {
  takeaways: ['The Amazon carries a fifth of river water reaching the oceans.'],
  notable_quotes: [{ quote: 'I think every city should protect its river banks.', speaker: 'Ana Silva', timestamp: '00:03:45' }],
  topic_tags: ['rivers'],
};

export const GOOD_FACT_CHECK: FactCheckOutput = {
  claims: [
    {
      claim: 'The Nile is roughly 6,650 kilometres long.',
      timestamp: '00:02:30',
      speaker: 'Ben Cole',
      verdict: 'verified',
      confidence: 0.9,
      explanation: 'Reference works give 6,650 km.',
      sources: [{ uri: 'https://example.org/nile', title: 'example.org' }],
    },
  ],
};

export const GROUNDING: Grounding = {
  webSearchQueries: ['nile length'],
  sources: [{ uri: 'https://example.org/nile', title: 'example.org' }],
  supports: [{ text: 'The Nile is roughly 6,650 kilometres long.', sourceIndices: [0] }],
};

/** The subject fields that may be absent: a failed agent's output, unrecorded grounding. */
export type AbsentSubjectField = 'summary' | 'insights' | 'factCheck' | 'factCheckGrounding';

/**
 * A subject with correct outputs and recorded grounding; override any field, and name the
 * ones to leave out (absent, the way buildEvaluationSubject leaves them, not set to undefined).
 */
export function sampleSubject(overrides: Partial<EvaluationSubject> = {}, absent: readonly AbsentSubjectField[] = []): EvaluationSubject {
  const subject: { -readonly [K in keyof EvaluationSubject]: EvaluationSubject[K] } = {
    episode: sampleEpisode(),
    promptVersion: 'v1',
    summary: GOOD_SUMMARY,
    insights: GOOD_INSIGHTS,
    factCheck: GOOD_FACT_CHECK,
    models: { summarizer: 'gemini-lite', insights: 'gemini-lite', 'fact-checker': 'gemini-flash' },
    factCheckGrounding: GROUNDING,
    ...overrides,
  };
  for (const field of absent) delete subject[field];
  return subject;
}
