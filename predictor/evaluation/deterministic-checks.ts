/**
 * @module evaluation/deterministic-checks
 * Free, exact checks run before any judge: every quote occurs in the transcript; every
 * quote and claim timestamp exists in it; every fact-check source is one the grounding
 * metadata returned; every number in a claim occurs in the transcript or a source title;
 * a `verified` claim cites a source. Each check counts items and names the failures, so a
 * report can show which output broke which rule.
 */
import { toMatchText } from '../pipeline/agents/match-text.js';
import { timestampSeconds } from '../pipeline/guardrails/output-checks.js';
import type { AgentName } from '../pipeline/agent.js';
import type { TranscriptSegment } from '../pipeline/episode.js';
import type { EvaluationSubject } from './evaluation-subject.js';
import { digitNumbers, statedNumbers } from './numbers-in-text.js';

export type CheckName = 'quote_accuracy' | 'timestamp_accuracy' | 'source_validity' | 'number_support' | 'verified_has_source';

export const CHECK_NAMES: readonly CheckName[] = [
  'quote_accuracy',
  'timestamp_accuracy',
  'source_validity',
  'number_support',
  'verified_has_source',
];

export interface CheckFailure {
  /** Where in the output, e.g. `notable_quotes[2]` or `claims[0].sources[1]`. */
  readonly item: string;
  readonly reason: string;
}

export interface CheckResult {
  readonly name: CheckName;
  readonly agent: AgentName;
  readonly total: number;
  readonly passed: number;
  readonly failures: readonly CheckFailure[];
}

const MAX_REASON_CHARS = 120;

/**
 * `00:01:05`, `1:05` and `65` all mean second 65 (the output guardrail's rule, so evaluation
 * scores what production enforces); anything else compares as text.
 */
export function timestampKey(timestamp: string): string {
  const seconds = timestampSeconds(timestamp);
  return seconds === undefined ? timestamp.trim().toLowerCase() : String(seconds);
}

function clip(text: string): string {
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS - 1)}…` : text;
}

interface Tally {
  check(isPassing: boolean, item: string, reason: () => string): void;
  result(): CheckResult;
}

function createTally(name: CheckName, agent: AgentName): Tally {
  let total = 0;
  const failures: CheckFailure[] = [];
  return {
    check(isPassing, item, reason) {
      total++;
      if (!isPassing) failures.push({ item, reason: clip(reason()) });
    },
    result: () => ({ name, agent, total, passed: total - failures.length, failures }),
  };
}

function timestampCheck(tally: Tally, timestamp: string, item: string, known: ReadonlySet<string>, hasTimestamps: boolean): void {
  if (!hasTimestamps) {
    tally.check(timestamp.trim() === '', item, () => `timestamp "${timestamp}" given for a transcript without timestamps`);
    return;
  }
  tally.check(known.has(timestampKey(timestamp)), item, () => `timestamp "${timestamp}" is not in the transcript`);
}

/** Runs every check that applies to the subject; checks with nothing to check are left out. */
export function runDeterministicChecks(subject: EvaluationSubject): CheckResult[] {
  const { episode, insights, factCheck } = subject;
  const segments: readonly TranscriptSegment[] = episode.segments;
  const segmentTexts = segments.map((segment) => toMatchText(segment.text));
  const knownTimestamps = new Set(segments.filter((segment) => segment.timestamp !== '').map((segment) => timestampKey(segment.timestamp)));
  const results: CheckResult[] = [];

  if (insights !== undefined) {
    const quotes = createTally('quote_accuracy', 'insights');
    const timestamps = createTally('timestamp_accuracy', 'insights');
    insights.notable_quotes.forEach((quote, index) => {
      const wanted = toMatchText(quote.quote);
      const item = `notable_quotes[${index}]`;
      quotes.check(
        wanted !== '' && segmentTexts.some((text) => text.includes(wanted)),
        item,
        () => `quote "${quote.quote}" is not in the transcript`,
      );
      timestampCheck(timestamps, quote.timestamp, item, knownTimestamps, episode.hasTimestamps);
    });
    results.push(quotes.result(), timestamps.result());
  }

  if (factCheck !== undefined) {
    const timestamps = createTally('timestamp_accuracy', 'fact-checker');
    const sources = createTally('source_validity', 'fact-checker');
    const numbers = createTally('number_support', 'fact-checker');
    const verified = createTally('verified_has_source', 'fact-checker');
    const grounded = new Set((subject.factCheckGrounding?.sources ?? []).map((source) => source.uri));
    const titles = (subject.factCheckGrounding?.sources ?? []).map((source) => source.title ?? '').join(' ');
    const supported = statedNumbers(`${segments.map((segment) => segment.text).join('\n')}\n${titles}`);
    factCheck.claims.forEach((claim, index) => {
      const item = `claims[${index}]`;
      timestampCheck(timestamps, claim.timestamp, item, knownTimestamps, episode.hasTimestamps);
      // Undefined grounding: the calls were not recorded, so there is nothing to compare with.
      if (subject.factCheckGrounding !== undefined) {
        claim.sources.forEach((source, sourceIndex) => {
          sources.check(
            grounded.has(source.uri),
            `${item}.sources[${sourceIndex}]`,
            () => `source ${source.uri} was not returned by grounding`,
          );
        });
      }
      for (const value of new Set(digitNumbers(claim.claim))) {
        numbers.check(supported.has(value), item, () => `number ${value} is in neither the transcript nor a source`);
      }
      if (claim.verdict === 'verified') verified.check(claim.sources.length > 0, item, () => 'verified without a source');
    });
    results.push(timestamps.result(), sources.result(), numbers.result(), verified.result());
  }
  return results.filter((result) => result.total > 0);
}

/** passed / total over the results named `name` (all agents), or undefined when nothing was checked. */
export function checkRate(results: readonly CheckResult[], name: CheckName): number | undefined {
  const matching = results.filter((result) => result.name === name);
  const total = matching.reduce((sum, result) => sum + result.total, 0);
  return total === 0 ? undefined : matching.reduce((sum, result) => sum + result.passed, 0) / total;
}
