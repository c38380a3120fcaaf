/**
 * @module pipeline/guardrails/output-checks
 * Checks of an agent's output against the episode it came from: quotes must be verbatim
 * transcript text (modulo case, punctuation and ellipses) at a timestamp that exists, no
 * PII may appear, and text flagged as injected must not be echoed back.
 */
import type { PiiKind } from '../../config/sections/security-config.js';
import type { Episode, TranscriptSegment } from '../episode.js';
import { detectPii } from '../../security/detectors/pii-detector.js';

/** Every string inside a JSON-like value, depth first. */
export function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) collectStrings(item, into);
  return into;
}

/** Lower case, NFKC, letters/digits only, single spaces: what "verbatim" is compared on. */
export function normaliseForComparison(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replaceAll(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Per segment object: quote verification, the citation check and the transcript index all
// compare against the same segments, and normalising a long transcript is their costliest step.
const segmentMatchTexts = new WeakMap<TranscriptSegment, string>();

/** `normaliseForComparison` of a segment's text, computed once per segment object. */
export function segmentMatchText(segment: TranscriptSegment): string {
  let text = segmentMatchTexts.get(segment);
  if (text === undefined) {
    text = normaliseForComparison(segment.text);
    segmentMatchTexts.set(segment, text);
  }
  return text;
}

/**
 * The whole transcript as compared on: the same as normalising the segments' texts joined by
 * spaces (a space is never part of a letter or digit run, and NFKC and lower-casing do not
 * reach across it), built from the per-segment texts.
 */
export function transcriptMatchText(segments: readonly TranscriptSegment[]): string {
  return segments
    .map(segmentMatchText)
    .filter((text) => text !== '')
    .join(' ');
}

/** `01:02:03`, `62:03` and `3723` are the same instant; undefined when not a timestamp. */
export function timestampSeconds(timestamp: string): number | undefined {
  const trimmed = timestamp.trim().replace(/^\[|\]$/g, '');
  if (!/^\d+(?::\d{1,2}){0,2}(?:\.\d+)?$/.test(trimmed)) return undefined;
  return trimmed.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/** Where the quote starts in `haystack`, or -1; an ellipsis marks an omission, so every part must appear, in order. */
function findInOrder(haystack: string, quote: string): number {
  let position = 0;
  let start = -1;
  for (const part of quote
    .split(/\s*(?:\.\.\.|…)\s*/)
    .map(normaliseForComparison)
    .filter(Boolean)) {
    const found = haystack.indexOf(part, position);
    if (found < 0) return -1;
    if (start < 0) start = found;
    position = found + part.length;
  }
  return start < 0 ? -1 : start;
}

/** Whether the quote starts in the segment at `seconds` (it may run on into the next one). */
function isQuotedAt(segments: readonly TranscriptSegment[], seconds: number, quote: string): boolean {
  const index = segments.findIndex((segment) => timestampSeconds(segment.timestamp) === seconds);
  if (index < 0) return false;
  const [ownSegment, nextSegment] = [segments[index], segments[index + 1]];
  const own = ownSegment === undefined ? '' : segmentMatchText(ownSegment);
  const next = nextSegment === undefined ? '' : segmentMatchText(nextSegment);
  const start = findInOrder(`${own} ${next}`, quote);
  return start >= 0 && start < own.length;
}

interface Cited {
  readonly quote?: string | undefined;
  readonly timestamp?: string | undefined;
}

function citedItems(value: unknown, into: Cited[] = []): Cited[] {
  if (Array.isArray(value)) for (const item of value) citedItems(item, into);
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const quote = typeof record.quote === 'string' ? record.quote : undefined;
    const timestamp = typeof record.timestamp === 'string' && record.timestamp.trim() !== '' ? record.timestamp : undefined;
    if (quote !== undefined || timestamp !== undefined) into.push({ quote, timestamp });
    for (const child of Object.values(record)) if (child !== null && typeof child === 'object') citedItems(child, into);
  }
  return into;
}

/**
 * Problems with the quotes and timestamps of `output`: `quote_not_in_transcript`,
 * `unknown_timestamp`, `quote_not_at_timestamp` (one entry per problem).
 */
interface TranscriptIndex {
  readonly transcript: string;
  readonly known: ReadonlySet<number>;
}

// Per episode object: three agents' outputs are checked against the same transcript, and
// normalising a long transcript is the costliest step of the check.
const transcriptIndexes = new WeakMap<Episode, TranscriptIndex>();

function transcriptIndexOf(episode: Episode): TranscriptIndex {
  let index = transcriptIndexes.get(episode);
  if (index === undefined) {
    index = {
      transcript: transcriptMatchText(episode.segments),
      known: new Set(episode.segments.map((segment) => timestampSeconds(segment.timestamp)).filter((seconds) => seconds !== undefined)),
    };
    transcriptIndexes.set(episode, index);
  }
  return index;
}

export function findCitationProblems(output: unknown, episode: Episode): string[] {
  const { transcript, known } = transcriptIndexOf(episode);
  const problems: string[] = [];
  for (const { quote, timestamp } of citedItems(output)) {
    const seconds = timestamp === undefined ? undefined : timestampSeconds(timestamp);
    const isKnownTimestamp = seconds !== undefined && known.has(seconds);
    if (timestamp !== undefined && episode.hasTimestamps && !isKnownTimestamp) problems.push('unknown_timestamp');
    if (quote === undefined) continue;
    if (findInOrder(transcript, quote) < 0) problems.push('quote_not_in_transcript');
    else if (isKnownTimestamp && !isQuotedAt(episode.segments, seconds, quote)) problems.push('quote_not_at_timestamp');
  }
  return problems;
}

/** PII kinds found anywhere in `output` (one entry per occurrence). */
export function findPiiLeaks(output: unknown, kinds: readonly PiiKind[]): PiiKind[] {
  return collectStrings(output).flatMap((text) => detectPii(text, kinds).map((match) => match.kind));
}

const ECHO_WORDS = 6;

// Per analysis (its array of injected texts): each agent's output is checked against the same
// texts, and normalising a long injected text costs more than the check itself.
const injectedWordLists = new WeakMap<readonly string[], readonly (readonly string[])[]>();

function injectedWordsOf(injectedTexts: readonly string[]): readonly (readonly string[])[] {
  let lists = injectedWordLists.get(injectedTexts);
  if (lists === undefined) {
    lists = injectedTexts.map((text) => normaliseForComparison(text).split(' '));
    injectedWordLists.set(injectedTexts, lists);
  }
  return lists;
}

/**
 * Whether `output` repeats a run of six or more words from a transcript text flagged as an
 * injection: a sign the model followed or relayed it. The output's six-word runs go into a
 * set once, so a long injected text costs one pass over its words, not one search of the
 * output per word.
 */
export function findEchoedInjection(output: unknown, injectedTexts: readonly string[]): boolean {
  if (injectedTexts.length === 0) return false;
  const outputText = ` ${normaliseForComparison(collectStrings(output).join(' \n '))} `;
  const outputWords = outputText.trim().split(' ');
  const outputWordSet = new Set(outputWords);
  const outputRuns = new Set<string>();
  for (let start = 0; start + ECHO_WORDS <= outputWords.length; start++)
    outputRuns.add(outputWords.slice(start, start + ECHO_WORDS).join(' '));
  return injectedWordsOf(injectedTexts).some((words) => {
    if (words.length < ECHO_WORDS) return outputText.includes(` ${words.join(' ')} `) && words.length >= 3;
    for (let start = 0; start + ECHO_WORDS <= words.length; start++) {
      if (outputWordSet.has(words[start] as string) && outputRuns.has(words.slice(start, start + ECHO_WORDS).join(' '))) return true;
    }
    return false;
  });
}
