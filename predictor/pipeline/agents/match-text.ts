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

/** Share (0..1) of the distinct words of `needle` (3+ letters) among `haystackWords` (see `wordsOf`). */
export function wordCoverage(needle: string, haystackWords: ReadonlySet<string>): number {
  const words = new Set(needle.split(' ').filter((word) => word.length >= 3));
  if (words.size === 0) return 0;
  let found = 0;
  for (const word of words) if (haystackWords.has(word)) found++;
  return found / words.size;
}
