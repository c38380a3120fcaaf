/**
 * @module pipeline/agents/verify-quotes
 * Keeps only quotes that are really in the transcript, and takes their speaker and
 * timestamp from the segment they come from rather than from the model. A quote found in
 * no segment (exactly, or with 80% of its words in one segment) is dropped as invented.
 */
import type { NotableQuote } from '../agent-output-schemas.js';
import type { TranscriptSegment } from '../episode.js';
import { coverageWordsOf, segmentMatchText, toMatchText, wordCoverage, wordsOf } from './match-text.js';

const MIN_WORD_COVERAGE = 0.8;

interface SearchableSegment {
  readonly segment: TranscriptSegment;
  readonly text: string;
  /** Built on the first quote not found verbatim: most quotes are. */
  words?: ReadonlySet<string>;
}

function findSource(quote: string, segments: readonly SearchableSegment[]): TranscriptSegment | undefined {
  const wanted = toMatchText(quote);
  if (!wanted) return undefined;
  const exact = segments.find(({ text }) => text.includes(wanted));
  if (exact) return exact.segment;
  let best: { segment: TranscriptSegment; coverage: number } | undefined;
  const wantedWords = coverageWordsOf(wanted);
  for (const searchable of segments) {
    const { segment } = searchable;
    searchable.words ??= wordsOf(searchable.text);
    const coverage = wordCoverage(wantedWords, searchable.words);
    if (coverage >= MIN_WORD_COVERAGE && (!best || coverage > best.coverage)) best = { segment, coverage };
  }
  return best?.segment;
}

/** The quotes found in `segments`, with the segment's speaker and timestamp. */
export function verifyQuotes(quotes: readonly NotableQuote[], segments: readonly TranscriptSegment[]): NotableQuote[] {
  const searchable = segments.map((segment): SearchableSegment => ({ segment, text: segmentMatchText(segment) }));
  const verified: NotableQuote[] = [];
  for (const quote of quotes) {
    const source = findSource(quote.quote, searchable);
    if (source) verified.push({ quote: quote.quote, speaker: source.speaker, timestamp: source.timestamp });
  }
  return verified;
}
