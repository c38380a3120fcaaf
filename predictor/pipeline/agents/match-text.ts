/**
 * @module pipeline/agents/match-text
 * Loose text matching shared by quote verification and grounding-source mapping: case,
 * punctuation and spacing are ignored, so a model's light re-punctuation still matches.
 */

/** Lowercased letters and digits separated by single spaces: the same comparison the output guardrail uses. */
export { normaliseForComparison as toMatchText } from '../guardrails/output-checks.js';

/** Share (0..1) of the distinct words of `needle` (3+ letters) that occur in `haystack`. */
export function wordCoverage(needle: string, haystack: string): number {
  const words = new Set(needle.split(' ').filter((word) => word.length >= 3));
  if (words.size === 0) return 0;
  const available = new Set(haystack.split(' '));
  let found = 0;
  for (const word of words) if (available.has(word)) found++;
  return found / words.size;
}
