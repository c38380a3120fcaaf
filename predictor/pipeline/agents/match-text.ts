/**
 * @module pipeline/agents/match-text
 * Loose text matching shared by quote verification and grounding-source mapping: case,
 * punctuation and spacing are ignored, so a model's light re-punctuation still matches.
 */

/** Lowercased letters and digits separated by single spaces: the same comparison the output guardrail uses. */
export { normaliseForComparison as toMatchText, segmentMatchText } from '../guardrails/output-checks.js';

/** The words of a match text, built once for a text that many needles are compared with. */
export function wordsOf(matchText: string): ReadonlySet<string> {
  return new Set(matchText.split(' '));
}

/** The distinct words of 3+ letters of a match text: what `wordCoverage` counts, built once per needle. */
export function coverageWordsOf(matchText: string): ReadonlySet<string> {
  return new Set(matchText.split(' ').filter((word) => word.length >= 3));
}

/** Share (0..1) of a needle's words (see `coverageWordsOf`) among `haystackWords` (see `wordsOf`). */
export function wordCoverage(needleWords: ReadonlySet<string>, haystackWords: ReadonlySet<string>): number {
  if (needleWords.size === 0) return 0;
  let found = 0;
  for (const word of needleWords) if (haystackWords.has(word)) found++;
  return found / needleWords.size;
}
