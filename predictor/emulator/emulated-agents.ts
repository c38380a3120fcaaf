/**
 * @module emulator/emulated-agents
 * Extractive, content-derived stand-ins for the three agents. Every quote, claim and
 * timestamp is copied from the transcript, so the pipeline's own checks (verbatim quotes,
 * real timestamps) pass against the emulator exactly as they must against Gemini.
 */
import type { CheckedClaim, InsightsOutput, SummaryOutput } from '../pipeline/agent-output-schemas.js';
import { salientSentences, wordCount, type Sentence, type TranscriptAnalysis } from './transcript-analysis.js';

const OUTCOME_MARKERS =
  /\b(should|will|won't|decided|decide|think|believe|agree|agreed|recommend|conclude|concluded|plan|planning|going to|must|need to|suggest)\b/i;

// Month names only capitalised, so the modal "may" is no date.
const CLAIM_MARKERS =
  /\d|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(?:hundred|thousand|million|billion|percent|dozen|decade|century)\b/;

/** Explanation given for every emulated claim (the emulator searches nothing). */
export const UNVERIFIABLE_EXPLANATION = 'The statement names a number or date that the emulator cannot check against sources.';

/** Sentences that state something (questions make poor takeaways, outcomes and claims). */
function statementsOf(analysis: TranscriptAnalysis): Sentence[] {
  return analysis.sentences.filter((sentence) => !/\?["')\]]*$/.test(sentence.text));
}

function unique<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Groups of consecutive segments: the sections, or up to five equal slices. */
function discussionGroups(analysis: TranscriptAnalysis): { topic: string | undefined; sentences: Sentence[] }[] {
  const hasSections = analysis.segments.some((segment) => segment.section);
  const groupCount = Math.min(5, analysis.segments.length);
  const groups = new Map<string, { topic: string | undefined; sentences: Sentence[] }>();
  for (const sentence of analysis.sentences) {
    const key = hasSections
      ? (sentence.segment.section ?? '')
      : String(Math.floor((sentence.segmentIndex * groupCount) / Math.max(analysis.segments.length, 1)));
    const group = groups.get(key) ?? { topic: hasSections ? sentence.segment.section : undefined, sentences: [] };
    group.sentences.push(sentence);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function topWordOf(sentences: readonly Sentence[], analysis: TranscriptAnalysis): string {
  const text = sentences.map((sentence) => sentence.text.toLowerCase()).join(' ');
  return analysis.topWords.find((word) => text.includes(word)) ?? analysis.topWords[0] ?? 'discussion';
}

function overviewOf(analysis: TranscriptAnalysis): string {
  const opening = analysis.sentences.filter((sentence) => wordCount(sentence.text) >= 5).slice(0, 3);
  const text = (opening.length > 0 ? opening : analysis.sentences.slice(0, 3)).map((sentence) => sentence.text).join(' ');
  return text === '' ? 'The transcript is empty.' : text;
}

/** Summarizer: overview from the opening, themes from sections or frequent words. */
export function emulateSummary(analysis: TranscriptAnalysis): SummaryOutput {
  const sections = unique(analysis.segments.map((segment) => segment.section ?? '').filter(Boolean), (section) => section);
  const themes = (sections.length > 0 ? sections : analysis.topWords.slice(0, 5)).slice(0, 7);
  const keyDiscussions = discussionGroups(analysis)
    .slice(0, 10)
    .map((group) => ({
      topic: group.topic ?? topWordOf(group.sentences, analysis),
      summary: salientSentences(group.sentences, 2, 1)
        .map((sentence) => sentence.text)
        .join(' '),
    }));
  const outcomes = unique(
    statementsOf(analysis).filter((sentence) => OUTCOME_MARKERS.test(sentence.text)),
    (sentence) => sentence.text,
  )
    .slice(0, 10)
    .map((sentence) => ({ statement: sentence.text, ...(sentence.segment.speaker ? { speaker: sentence.segment.speaker } : {}) }));
  return {
    overview: overviewOf(analysis),
    core_themes: themes.length > 0 ? themes : ['general'],
    key_discussions: keyDiscussions,
    outcomes,
  };
}

/** Insights: salient sentences as takeaways, verbatim quotes with their real timestamps. */
export function emulateInsights(analysis: TranscriptAnalysis): InsightsOutput {
  const statements = statementsOf(analysis);
  const takeaways = salientSentences(statements, 5).map((sentence) => sentence.text);
  const quotes = unique(salientSentences(statements, 12), (sentence) => String(sentence.segmentIndex))
    .slice(0, 5)
    .map((sentence) => ({ quote: sentence.text, speaker: sentence.segment.speaker, timestamp: sentence.segment.timestamp }));
  return {
    takeaways: takeaways.length > 0 ? takeaways : [overviewOf(analysis)],
    notable_quotes: quotes,
    topic_tags: analysis.topWords.length > 0 ? analysis.topWords.slice(0, 8) : ['general'],
  };
}

function claimCandidates(analysis: TranscriptAnalysis): Sentence[] {
  return unique(
    statementsOf(analysis).filter((sentence) => CLAIM_MARKERS.test(sentence.text)),
    (sentence) => sentence.text,
  ).slice(0, 15);
}

/** Checkable sentences (with a number or date), as the emulator's search would look them up. */
export function claimSentences(analysis: TranscriptAnalysis): string[] {
  return claimCandidates(analysis).map((sentence) => sentence.text);
}

/** Fact-checker: every sentence with a number or date is a claim, marked unverifiable. */
export function emulateFactCheck(analysis: TranscriptAnalysis): { claims: Omit<CheckedClaim, 'sources'>[] } {
  const claims = claimCandidates(analysis).map((sentence): Omit<CheckedClaim, 'sources'> => ({
    claim: sentence.text,
    timestamp: sentence.segment.timestamp,
    ...(sentence.segment.speaker ? { speaker: sentence.segment.speaker } : {}),
    verdict: 'unverifiable',
    confidence: 0.5,
    explanation: UNVERIFIABLE_EXPLANATION,
  }));
  return { claims };
}

/** Plain-text answer when no JSON is asked for: a short extractive summary. */
export function emulatePlainText(analysis: TranscriptAnalysis): string {
  const points = salientSentences(analysis.sentences, 3).map((sentence) => `- ${sentence.text}`);
  return [overviewOf(analysis), ...(points.length > 0 ? ['', 'Key points:', ...points] : [])].join('\n');
}
