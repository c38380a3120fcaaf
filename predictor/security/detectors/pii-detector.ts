/**
 * @module security/detectors/pii-detector
 * Finds and redacts personal data in text before it leaves the process: emails (also
 * spoken, "name at domain dot com"), phone numbers, payment cards (Luhn-checked), national
 * ids (US SSN, UK NINO, Spanish DNI/NIE with check letter) and IBANs (mod-97 checked).
 * Findings carry kinds and positions, never logged text.
 *
 * Time is linear in the text, whatever it holds: the patterns are linear (pii-patterns.ts),
 * each match costs bounded work, and overlaps are resolved by merging sorted lists. A long
 * text is scanned in slices that overlap by more than the longest match, so `scanPii` can
 * hand control back between slices and still find exactly what one pass over the whole would.
 */
import type { PiiKind } from '../../config/sections/security-config.js';
import { MAX_PII_LOOKBEHIND_CHARS, MAX_PII_MATCH_CHARS, PII_PATTERNS, type PiiPattern } from './pii-patterns.js';
import { DEFAULT_SLICE_CHARS, textSlices, type TextSlice } from './text-slices.js';

export interface PiiMatch {
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
}

export interface PiiScanOptions {
  /** Characters per slice (default 16 KiB); `Infinity` scans the text in one pass. */
  readonly sliceChars?: number;
}

// Past the longest match plus the few characters a lookahead reads after it.
const OVERLAP_CHARS = MAX_PII_MATCH_CHARS + 384;

/** The accepted matches of one pattern, in order and disjoint, and where its regex resumes. */
interface PatternScan {
  readonly pattern: PiiPattern;
  readonly starts: number[];
  readonly ends: number[];
  resumeAt: number;
  lastEnd: number;
}

/** Runs one pattern over the window of `slice`, keeping the matches whose regex match starts inside the slice. */
function scanSlice(scan: PatternScan, window: string, windowStart: number, slice: TextSlice): void {
  const { pattern: regex, accept } = scan.pattern;
  // As if one global regex ran over the whole text: resume where its last match ended.
  regex.lastIndex = Math.max(slice.start, scan.resumeAt) - windowStart;
  const limit = slice.end - windowStart;
  for (let match = regex.exec(window); match !== null && match.index < limit; match = regex.exec(window)) {
    const span = accept ? accept(match) : ([0, match[0].length] as const);
    // A rejected candidate ("+44 20 7946 0958 4111 …" read as one card) may hide a real one
    // inside it, so the regex goes on from its next character; matches are bounded, so this
    // stays linear.
    if (span === undefined || match[0] === '') regex.lastIndex = match.index + 1;
    scan.resumeAt = windowStart + regex.lastIndex;
    if (span === undefined) continue;
    const start = Math.max(windowStart + match.index + span[0], scan.lastEnd);
    const end = windowStart + match.index + span[1];
    if (start >= end) continue;
    scan.starts.push(start);
    scan.ends.push(end);
    scan.lastEnd = end;
  }
}

/**
 * Keeps each pattern's matches that overlap no match of a higher-priority pattern: one merge
 * of two sorted, disjoint lists per pattern, so linear in the number of matches. Yields the
 * matches handled after each pattern (a dense text has hundreds of thousands).
 */
function* resolveOverlaps(scans: readonly PatternScan[]): Generator<number, PiiMatch[]> {
  let accepted: PiiMatch[] = [];
  for (const { pattern, starts, ends } of scans) {
    if (starts.length === 0) continue;
    const merged: PiiMatch[] = [];
    let next = 0;
    for (let index = 0; index < starts.length; index++) {
      const start = starts[index] as number;
      const end = ends[index] as number;
      while (next < accepted.length && (accepted[next] as PiiMatch).end <= start) merged.push(accepted[next++] as PiiMatch);
      if (next < accepted.length && (accepted[next] as PiiMatch).start < end) continue;
      merged.push({ kind: pattern.kind, start, end });
    }
    while (next < accepted.length) merged.push(accepted[next++] as PiiMatch);
    accepted = merged;
    yield merged.length + starts.length;
  }
  return accepted;
}

/**
 * Scans `text` for PII of `kinds` one slice at a time: yields the characters read for each
 * slice (so a caller can pace itself by work done) and returns the matches, earliest first.
 * @example const matches = yield* scanPii(segment.text, ['email', 'phone']);
 */
export function* scanPii(text: string, kinds: readonly PiiKind[], options: PiiScanOptions = {}): Generator<number, PiiMatch[]> {
  const scans: PatternScan[] = PII_PATTERNS.filter((pattern) => kinds.includes(pattern.kind)).map((pattern) => ({
    pattern,
    starts: [],
    ends: [],
    resumeAt: 0,
    lastEnd: 0,
  }));
  if (scans.length === 0 || text.length === 0) return [];
  for (const slice of textSlices(text, { sliceChars: options.sliceChars ?? DEFAULT_SLICE_CHARS, overlapChars: OVERLAP_CHARS })) {
    const windowStart = Math.max(0, slice.start - MAX_PII_LOOKBEHIND_CHARS);
    const window = windowStart === 0 && slice.scanEnd === text.length ? text : text.slice(windowStart, slice.scanEnd);
    for (const scan of scans) scanSlice(scan, window, windowStart, slice);
    yield window.length;
  }
  return yield* resolveOverlaps(scans);
}

/**
 * Put between texts scanned as one (an output's strings): no PII pattern matches or looks across
 * a NUL (none has `.`, a negated class, \D, \S or \W, and NUL is neither a word character, a
 * digit, whitespace nor punctuation any pattern allows), so it reads as the edge of each text.
 */
export const PII_TEXT_SEPARATOR = '\u0000';

/** Finds non-overlapping PII of the given kinds, earliest first (`scanPii` run to the end). */
export function detectPii(text: string, kinds: readonly PiiKind[], options: PiiScanOptions = {}): PiiMatch[] {
  const scan = scanPii(text, kinds, options);
  for (let step = scan.next(); ; step = scan.next()) if (step.done) return step.value;
}

/** Placeholder that replaces a redacted value (`[EMAIL]`, `[CARD]`, ...). */
export function piiPlaceholder(kind: PiiKind): string {
  return `[${kind.toUpperCase()}]`;
}

/** `text` with each of `matches` (sorted, disjoint) replaced by its placeholder. */
export function replaceMatches(text: string, matches: readonly PiiMatch[]): string {
  if (matches.length === 0) return text;
  const parts: string[] = [];
  let cursor = 0;
  for (const match of matches) {
    parts.push(text.slice(cursor, match.start), piiPlaceholder(match.kind));
    cursor = match.end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

/** Replaces every finding with its placeholder; returns the text and the findings. */
export function redactPii(text: string, kinds: readonly PiiKind[]): { readonly text: string; readonly matches: readonly PiiMatch[] } {
  const matches = detectPii(text, kinds);
  return { text: replaceMatches(text, matches), matches };
}
