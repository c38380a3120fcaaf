/**
 * @module pipeline/agents/attach-grounding-sources
 * Gives each checked claim the web sources that Google Search grounding tied to it. A
 * grounding support is a span of the model's answer plus the indices of the sources that
 * back it; a support belongs to a claim when its text overlaps the claim or its
 * explanation. Claims with no matching support get no sources: sources are never invented.
 */
import type { Grounding, GroundingSource } from '../../llm/language-model.js';
import type { CheckedClaim, FactCheckSource } from '../agent-output-schemas.js';
import { coverageWordsOf, toMatchText, wordCoverage, wordsOf } from './match-text.js';

const MIN_MATCH_CHARS = 12;
const MIN_WORD_COVERAGE = 0.8;
const MIN_MATCH_WORDS = 3;

// Supports on JSON answers include key names (`"explanation": "...`); they are not claim text.
const JSON_KEY = /"[A-Za-z_]+"\s*:/g;

/** A support's text as compared with claims: normalised once, however many claims there are. */
interface SupportText {
  readonly text: string;
  /** How many words of 3+ letters it has (repeats counted). */
  readonly wordCount: number;
  readonly words: ReadonlySet<string>;
}

function supportTextOf(text: string): SupportText {
  const normalised = toMatchText(text.replaceAll(JSON_KEY, ' '));
  return {
    text: normalised,
    wordCount: normalised.split(' ').filter((word) => word.length >= 3).length,
    words: coverageWordsOf(normalised),
  };
}

interface ClaimText {
  readonly claim: string;
  readonly withExplanation: string;
  readonly words: ReadonlySet<string>;
}

function overlaps(support: SupportText, claim: ClaimText): boolean {
  if (support.text.length < MIN_MATCH_CHARS) return false;
  if (claim.withExplanation.includes(support.text)) return true;
  if (claim.claim.length >= MIN_MATCH_CHARS && support.text.includes(claim.claim)) return true;
  return support.wordCount >= MIN_MATCH_WORDS && wordCoverage(support.words, claim.words) >= MIN_WORD_COVERAGE;
}

function isWebUri(uri: string): boolean {
  return /^https?:\/\//i.test(uri);
}

function toSource(source: GroundingSource): FactCheckSource {
  return source.title ? { uri: source.uri, title: source.title } : { uri: source.uri };
}

/** Returns the claims with `sources` taken only from `grounding` (empty when absent). */
export function attachGroundingSources(claims: readonly Omit<CheckedClaim, 'sources'>[], grounding: Grounding | undefined): CheckedClaim[] {
  const supports = (grounding?.supports ?? []).map((support) => ({ support, text: supportTextOf(support.text) }));
  return claims.map((claim) => {
    const claimText = toMatchText(claim.claim);
    const withExplanation = `${claimText} ${toMatchText(claim.explanation)}`;
    const text: ClaimText = { claim: claimText, withExplanation, words: wordsOf(withExplanation) };
    const byUri = new Map<string, FactCheckSource>();
    for (const { support, text: supportText } of supports) {
      if (!overlaps(supportText, text)) continue;
      for (const index of support.sourceIndices) {
        const source = grounding?.sources[index];
        if (source && isWebUri(source.uri) && !byUri.has(source.uri)) byUri.set(source.uri, toSource(source));
      }
    }
    return { ...claim, sources: [...byUri.values()] };
  });
}
