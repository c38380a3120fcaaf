/**
 * @module pipeline/agents/attach-grounding-sources
 * Gives each checked claim the web sources that Google Search grounding tied to it. A
 * grounding support is a span of the model's answer plus the indices of the sources that
 * back it; a support belongs to a claim when its text overlaps the claim or its
 * explanation. Claims with no matching support get no sources: sources are never invented.
 */
import type { Grounding, GroundingSource } from '../../llm/language-model.js';
import type { CheckedClaim, FactCheckSource } from '../agent-output-schemas.js';
import { toMatchText, wordCoverage } from './match-text.js';

const MIN_MATCH_CHARS = 12;
const MIN_WORD_COVERAGE = 0.8;
const MIN_MATCH_WORDS = 3;

// Supports on JSON answers include key names (`"explanation": "...`); they are not claim text.
const JSON_KEY = /"[A-Za-z_]+"\s*:/g;

function overlaps(supportText: string, claimText: string, claimWithExplanation: string): boolean {
  const support = toMatchText(supportText.replaceAll(JSON_KEY, ' '));
  if (support.length < MIN_MATCH_CHARS) return false;
  if (claimWithExplanation.includes(support)) return true;
  if (claimText.length >= MIN_MATCH_CHARS && support.includes(claimText)) return true;
  const wordCount = support.split(' ').filter((word) => word.length >= 3).length;
  return wordCount >= MIN_MATCH_WORDS && wordCoverage(support, claimWithExplanation) >= MIN_WORD_COVERAGE;
}

function isWebUri(uri: string): boolean {
  return /^https?:\/\//i.test(uri);
}

function toSource(source: GroundingSource): FactCheckSource {
  return source.title ? { uri: source.uri, title: source.title } : { uri: source.uri };
}

/** Returns the claims with `sources` taken only from `grounding` (empty when absent). */
export function attachGroundingSources(claims: readonly Omit<CheckedClaim, 'sources'>[], grounding: Grounding | undefined): CheckedClaim[] {
  return claims.map((claim) => {
    const claimText = toMatchText(claim.claim);
    const claimWithExplanation = `${claimText} ${toMatchText(claim.explanation)}`;
    const byUri = new Map<string, FactCheckSource>();
    for (const support of grounding?.supports ?? []) {
      if (!overlaps(support.text, claimText, claimWithExplanation)) continue;
      for (const index of support.sourceIndices) {
        const source = grounding?.sources[index];
        if (source && isWebUri(source.uri) && !byUri.has(source.uri)) byUri.set(source.uri, toSource(source));
      }
    }
    return { ...claim, sources: [...byUri.values()] };
  });
}
