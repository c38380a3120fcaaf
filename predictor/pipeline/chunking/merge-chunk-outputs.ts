/**
 * @module pipeline/chunking/merge-chunk-outputs
 * Deterministic merges of per-chunk agent outputs into one output within the agent's
 * schema limits. Insights: takeaways fairly from every chunk (≤5), quotes re-verified
 * against the FULL transcript at their original timestamp (≤8, overlap duplicates
 * removed), tags by how many chunks name them (≤10). Fact-checks: claims fairly from every
 * chunk, duplicates from overlapping chunks removed (≤15). Summaries: the fallback when
 * the reduce call fails.
 */
import type { CheckedClaim, FactCheckOutput, InsightsOutput, NotableQuote, SummaryOutput } from '../agent-output-schemas.js';
import { toMatchText } from '../agents/match-text.js';
import { verifyQuotes } from '../agents/verify-quotes.js';
import type { Episode } from '../episode.js';
import { inEpisodeOrder, pickRoundRobin, rankByFrequency } from './pick-round-robin.js';

// The schemas' maxItems (agent-output-schemas.ts).
const MAX_TAKEAWAYS = 5;
const MAX_QUOTES = 8;
const MAX_TAGS = 10;
const MAX_CLAIMS = 15;
const MAX_THEMES = 7;
const MAX_DISCUSSIONS = 10;
const MAX_OUTCOMES = 10;

const byText = (text: string): string => toMatchText(text);

/** The quote, if the segment at its timestamp in the full transcript contains it. */
function verifyAtTimestamp(quote: NotableQuote, episode: Episode): NotableQuote | undefined {
  const atTimestamp = episode.segments.filter((segment) => segment.timestamp === quote.timestamp);
  return verifyQuotes([quote], atTimestamp)[0];
}

/** Merges per-chunk insights (chunks in transcript order). */
export function mergeInsights(parts: readonly InsightsOutput[], episode: Episode): InsightsOutput {
  const takeaways = pickRoundRobin(
    parts.map((part) => part.takeaways),
    MAX_TAKEAWAYS,
    byText,
  ).map(({ item }) => item);
  const verified = parts.map((part) => part.notable_quotes.flatMap((quote) => verifyAtTimestamp(quote, episode) ?? []));
  const quotes = inEpisodeOrder(pickRoundRobin(verified, MAX_QUOTES, (quote) => `${quote.timestamp}|${byText(quote.quote)}`));
  const tags = rankByFrequency(
    parts.map((part) => part.topic_tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean)),
    MAX_TAGS,
    (tag) => tag,
  );
  return { takeaways, notable_quotes: quotes, topic_tags: tags };
}

/** Merges per-chunk fact-checks: claims keep their own timestamp, verdict and sources. */
export function mergeFactChecks(parts: readonly FactCheckOutput[]): FactCheckOutput {
  const claims = pickRoundRobin<CheckedClaim>(
    parts.map((part) => part.claims),
    MAX_CLAIMS,
    (claim) => byText(claim.claim),
  );
  return { claims: inEpisodeOrder(claims) };
}

/** Merges per-chunk summaries without a model (used when the reduce call fails). */
export function mergeSummaries(parts: readonly SummaryOutput[]): SummaryOutput {
  const discussions = pickRoundRobin(
    parts.map((part) => part.key_discussions),
    MAX_DISCUSSIONS,
    (discussion) => byText(discussion.topic),
  );
  const outcomes = pickRoundRobin(
    parts.map((part) => part.outcomes),
    MAX_OUTCOMES,
    (outcome) => byText(outcome.statement),
  );
  return {
    overview: parts
      .map((part) => part.overview.trim())
      .filter(Boolean)
      .join(' '),
    core_themes: rankByFrequency(
      parts.map((part) => part.core_themes),
      MAX_THEMES,
      byText,
    ),
    key_discussions: inEpisodeOrder(discussions),
    outcomes: inEpisodeOrder(outcomes),
  };
}
