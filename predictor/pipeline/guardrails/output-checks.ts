/**
 * @module pipeline/guardrails/output-checks
 * Checks of an agent's output against the episode it came from: quotes must be verbatim
 * transcript text (modulo case, punctuation and ellipses) at a timestamp that exists, no
 * PII may appear, and text flagged as injected must not be echoed back.
 */
import type { PiiKind } from '../../config/sections/security-config.js';
import type { Episode, TranscriptSegment } from '../episode.js';
import { isAscii } from '../../security/detectors/detection-views.js';
import { detectPii, PII_TEXT_SEPARATOR } from '../../security/detectors/pii-detector.js';

/** Every string inside a JSON-like value, depth first. */
export function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) collectStrings(item, into);
  return into;
}

// Every run of what is not a letter or digit becomes one space. A lone space already is one,
// so it is not matched: in prose that is most runs, each of which was a replacement.
const ASCII_OTHER_RUN = /[^a-z0-9]{2,}|[^a-z0-9 ]/g;
const OTHER_RUN = /[^\p{L}\p{N}]{2,}|[^\p{L}\p{N} ]/gu;

/** Lower case, NFKC, letters/digits only, single spaces: what "verbatim" is compared on. */
export function normaliseForComparison(text: string): string {
  // ASCII is its own NFKC form and its letters and digits are [a-z0-9] once lower-cased: the
  // same result without the Unicode passes (model output and most transcripts are ASCII).
  if (isAscii(text)) return text.toLowerCase().replaceAll(ASCII_OTHER_RUN, ' ').trim();
  return text.normalize('NFKC').toLowerCase().replaceAll(OTHER_RUN, ' ').trim();
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
function isQuotedAt(segments: readonly TranscriptSegment[], index: number, quote: string): boolean {
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

interface TranscriptIndex {
  readonly transcript: string;
  /** Each timestamp (in seconds) the transcript has, and the first segment at it. */
  readonly segmentAt: ReadonlyMap<number, number>;
}

// Per episode object: three agents' outputs are checked against the same transcript, and
// normalising a long transcript is the costliest step of the check.
const transcriptIndexes = new WeakMap<Episode, TranscriptIndex>();

function transcriptIndexOf(episode: Episode): TranscriptIndex {
  let index = transcriptIndexes.get(episode);
  if (index === undefined) {
    const segmentAt = new Map<number, number>();
    episode.segments.forEach((segment, position) => {
      const seconds = timestampSeconds(segment.timestamp);
      if (seconds !== undefined && !segmentAt.has(seconds)) segmentAt.set(seconds, position);
    });
    index = { transcript: transcriptMatchText(episode.segments), segmentAt };
    transcriptIndexes.set(episode, index);
  }
  return index;
}

/** Characters normalised per turn of the event loop by `prepareCitationCheck`. */
const CHARS_PER_TURN = 65_536;

const preparedEpisodes = new WeakMap<Episode, Promise<void>>();

/**
 * Normalises the episode's segments for the citation check ahead of it, in turns of the
 * event loop (`CHARS_PER_TURN` characters each, a long segment in pieces), so a 2 MiB
 * transcript is many short stretches; `findCitationProblems` then finds the work done.
 * Memoised per episode: three agents' checks share it.
 */
export function prepareCitationCheck(episode: Episode, yieldControl: () => Promise<void>): Promise<void> {
  let prepared = preparedEpisodes.get(episode);
  if (prepared === undefined) {
    prepared = (async () => {
      let work = 0;
      for (const segment of episode.segments) {
        if (segmentMatchTexts.has(segment)) continue;
        const text = await normaliseInPieces(segment.text, yieldControl);
        segmentMatchTexts.set(segment, text);
        work += segment.text.length + 64;
        if (work >= CHARS_PER_TURN) {
          work = 0;
          await yieldControl();
        }
      }
    })();
    // A failed preparation is not kept: the next check tries again.
    prepared.catch(() => preparedEpisodes.delete(episode));
    preparedEpisodes.set(episode, prepared);
  }
  return prepared;
}

/**
 * `normaliseForComparison(text)`, a long text in pieces of about `pieceChars` cut after a
 * space, with a turn of the event loop after each. Equal to normalising the whole text: no
 * step reaches across a space (NFKC composes nothing with one, lower-casing's final-sigma rule
 * stops at one, and a run of non-letters is one space either way), so the pieces' results
 * joined by spaces, empty ones dropped, are the whole text's.
 */
export async function normaliseInPieces(text: string, yieldControl: () => Promise<void>, pieceChars = CHARS_PER_TURN): Promise<string> {
  if (text.length <= pieceChars) return normaliseForComparison(text);
  const pieces: string[] = [];
  for (let start = 0; start < text.length;) {
    let end = start + pieceChars;
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      end = space > start ? space + 1 : text.indexOf(' ', end) + 1 || text.length;
    }
    const piece = normaliseForComparison(text.slice(start, end));
    if (piece !== '') pieces.push(piece);
    start = end;
    if (start < text.length) await yieldControl();
  }
  return pieces.join(' ');
}

/**
 * Problems with the quotes and timestamps of `output`: `quote_not_in_transcript`,
 * `unknown_timestamp`, `quote_not_at_timestamp` (one entry per problem).
 */
export function findCitationProblems(output: unknown, episode: Episode): string[] {
  const { transcript, segmentAt } = transcriptIndexOf(episode);
  const problems: string[] = [];
  for (const { quote, timestamp } of citedItems(output)) {
    const seconds = timestamp === undefined ? undefined : timestampSeconds(timestamp);
    const segmentIndex = seconds === undefined ? undefined : segmentAt.get(seconds);
    if (timestamp !== undefined && episode.hasTimestamps && segmentIndex === undefined) problems.push('unknown_timestamp');
    if (quote === undefined) continue;
    if (findInOrder(transcript, quote) < 0) problems.push('quote_not_in_transcript');
    else if (segmentIndex !== undefined && !isQuotedAt(episode.segments, segmentIndex, quote)) problems.push('quote_not_at_timestamp');
  }
  return problems;
}

/** PII kinds found anywhere in `output` (one entry per occurrence, in order): its strings in one scan. */
export function findPiiLeaks(output: unknown, kinds: readonly PiiKind[]): PiiKind[] {
  return detectPii(collectStrings(output).join(PII_TEXT_SEPARATOR), kinds).map((match) => match.kind);
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
