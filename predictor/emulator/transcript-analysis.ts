/**
 * @module emulator/transcript-analysis
 * The cheap, deterministic text statistics the emulator's agents are built from: the
 * transcript's sentences (each tied to its segment), content-word frequencies and a
 * salience score per sentence. Pure functions; no randomness, so equal prompts give equal answers.
 */
import type { TranscriptSegment } from '../pipeline/episode.js';
import { parseTranscriptBlock, TRANSCRIPT_BEGIN } from '../pipeline/transcript-format.js';

export interface Sentence {
  /** Verbatim text, as it appears inside the segment. */
  readonly text: string;
  readonly segment: TranscriptSegment;
  readonly segmentIndex: number;
  readonly score: number;
}

export interface TranscriptAnalysis {
  readonly title?: string;
  readonly segments: readonly TranscriptSegment[];
  readonly sentences: readonly Sentence[];
  /** Content words, most frequent first (ties in order of first use). */
  readonly topWords: readonly string[];
}

const STOPWORDS = new Set(
  (
    'about above after again against also among and another any are around back because been before being below between both but ' +
    'came can cannot come could did does doing done down during each even ever every few first for from further get gets getting ' +
    'going gonna good got had has have having her here hers herself him himself his how however into its itself just know like ' +
    'made make many maybe mean more most much must myself never next now off often once one only other our ours ourselves out ' +
    'over own really right said same say says see she should since some something still such sure take than that thats the their ' +
    'theirs them themselves then there these they thing things think this those though through thus too under until upon very ' +
    'want was way well went were what when where whether which while who whom whose why will with within without would yeah yes ' +
    'you your yours yourself yourselves actually okay kind lot lots pretty people time welcome today show episode'
  ).split(' '),
);

const WORD = /[\p{L}\p{N}]+/gu;
const DIGITS = /^\d+$/;

/** Lowercased content words of a text (4+ letters, not a stopword, not a bare number). */
export function contentWords(text: string): string[] {
  const words: string[] = [];
  // A plain loop over one match: this runs for every sentence of every call.
  for (const word of text.toLowerCase().match(WORD) ?? []) {
    if (word.length >= 4 && !STOPWORDS.has(word) && !DIGITS.test(word)) words.push(word);
  }
  return words;
}

/**
 * Longest sentence kept whole. A model writes short quotes; text without sentence ends (a
 * megabyte-long line, a base64 run) would otherwise become one "sentence" that overflows
 * every answer's output token limit.
 */
export const MAX_SENTENCE_CHARS = 200;

/** The start of `sentence` up to MAX_SENTENCE_CHARS, cut at a space when there is one (still verbatim). */
function boundedSentence(sentence: string): string {
  if (sentence.length <= MAX_SENTENCE_CHARS) return sentence;
  let cut = sentence.lastIndexOf(' ', MAX_SENTENCE_CHARS);
  if (cut <= 0) cut = MAX_SENTENCE_CHARS;
  // Never end on the first half of a surrogate pair.
  const last = sentence.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return sentence.slice(0, cut).trim();
}

/** Splits text into sentences, keeping each one verbatim (trimmed, long ones cut to their start). */
export function splitSentences(text: string): string[] {
  // A boundary is end punctuation followed by space, so "3.5" and "e.g.," stay whole.
  return text
    .split(/(?<=[.!?]["')\]]*)\s+/)
    .map((sentence) => boundedSentence(sentence.trim()))
    .filter((sentence) => sentence !== '');
}

/** Number of whitespace-separated words, for length rules. */
export function wordCount(text: string): number {
  let count = 0;
  let isInWord = false;
  for (let index = 0; index < text.length; index++) {
    const isSpace = text.charCodeAt(index) <= 32;
    if (!isSpace && !isInWord) count++;
    isInWord = !isSpace;
  }
  return count;
}

/** Transcript segments of a prompt; a prompt without a transcript block counts line by line. */
export function segmentsOfPrompt(promptText: string): TranscriptSegment[] {
  const segments = parseTranscriptBlock(promptText);
  if (segments.length > 0) return segments;
  return promptText
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((text) => ({ timestamp: '', speaker: '', text }));
}

function titleOf(promptText: string): string | undefined {
  const start = promptText.indexOf(TRANSCRIPT_BEGIN);
  if (start < 0) return undefined;
  return /^Title: (.+)$/m.exec(promptText.slice(start, start + 2000))?.[1]?.trim();
}

/** Analyses the transcript held in a prompt. */
export function analyseTranscript(promptText: string): TranscriptAnalysis {
  const segments = segmentsOfPrompt(promptText);
  // Words are extracted once per sentence: this is the emulator's hottest loop.
  const drafts = segments.flatMap((segment, segmentIndex) =>
    splitSentences(segment.text).map((text) => ({ text, segment, segmentIndex, words: contentWords(text) })),
  );
  const frequency = new Map<string, number>();
  for (const draft of drafts) for (const word of draft.words) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const sentences = drafts.map(({ text, segment, segmentIndex, words }) => {
    const weight = words.reduce((sum, word) => sum + (frequency.get(word) ?? 0), 0);
    return { text, segment, segmentIndex, score: weight / Math.sqrt(Math.max(wordCount(text), 1)) };
  });
  // Map iteration keeps first-use order, and sort is stable: ties stay in transcript order.
  const topWords = [...frequency.entries()].sort((left, right) => right[1] - left[1]).map(([word]) => word);
  const title = titleOf(promptText);
  return { ...(title === undefined ? {} : { title }), segments, sentences, topWords };
}

/** The `count` best-scoring sentences with at least `minWords` words, back in transcript order. */
export function salientSentences(sentences: readonly Sentence[], count: number, minWords = 6): Sentence[] {
  const ranked = sentences
    .map((sentence, position) => ({ sentence, position }))
    .filter(({ sentence }) => wordCount(sentence.text) >= minWords)
    .sort((left, right) => right.sentence.score - left.sentence.score || left.position - right.position)
    .slice(0, count);
  return ranked.sort((left, right) => left.position - right.position).map(({ sentence }) => sentence);
}
