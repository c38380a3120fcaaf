/**
 * @module pipeline/estimation/sent-bytes
 * Upper bounds of the UTF-8 bytes a transcript takes in a prompt, counted on the decoded
 * episode without building the prompt: the `[timestamp] Speaker (section): text` line of
 * every segment, the delimiter escaping of `transcript-format.ts` (`<<<` and `>>>`, 3 bytes,
 * become three 3-byte guillemets, 9 bytes) and, when guardrails may redact PII before the
 * text leaves, the growth of a match replaced by its placeholder.
 *
 * Bounds rather than exact counts in two places, both on the safe side: whitespace around a
 * newline inside a segment's text collapses to one space when it is sent (never more bytes),
 * and redaction is assumed to grow every match it could make by the most it can.
 */
import type { Episode, TranscriptSegment } from '../episode.js';
import { formatTranscriptBlock } from '../transcript-format.js';

/**
 * Most bytes PII redaction can add to `text`. Only a match shorter than its placeholder
 * grows the text, and every such match holds ASCII digits or an `@`: a Spanish DNI/NIE
 * (`1234567L`, 8 characters, 7 digits → `[NATIONAL_ID]`, 13: +5), a UK NINO (9, 6 digits:
 * +4), a US SSN (11, 9 digits: +2), an e-mail (`a@b.cd`, 6 → `[EMAIL]`, 7: +1 per `@`).
 * Cards, IBANs, phones and spoken e-mails are longer than their placeholders. So the growth
 * is at most 5/7 byte per digit plus one per `@`; a property test holds the detector to it.
 */
export function redactionGrowthBytes(text: string): number {
  let digits = 0;
  let ats = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) digits++;
    else if (code === 64) ats++;
  }
  return Math.floor((5 * digits) / 7) + ats;
}

/** Bytes the delimiter escaping adds for each `<<<` or `>>>` it replaces. */
const ESCAPE_GROWTH_BYTES = 6;

function escapedRuns(text: string, delimiter: string): number {
  let runs = 0;
  // Non-overlapping, left to right: exactly the matches `replaceAll` replaces.
  for (let at = text.indexOf(delimiter); at >= 0; at = text.indexOf(delimiter, at + delimiter.length)) runs++;
  return runs;
}

/** UTF-8 bytes of `text` after the transcript block's delimiter escaping (no copy of the text is made). */
export function escapedByteLength(text: string): number {
  if (text.length === 0) return 0;
  return Buffer.byteLength(text, 'utf8') + ESCAPE_GROWTH_BYTES * (escapedRuns(text, '<<<') + escapedRuns(text, '>>>'));
}

/**
 * Bytes of a field as sent: escaped, and grown by redaction when it may be redacted (the
 * placeholders hold no delimiter character, so redaction leaves the escaped runs alone).
 */
function fieldBytes(text: string, isRedacted: boolean): number {
  return escapedByteLength(text) + (isRedacted ? redactionGrowthBytes(text) : 0);
}

/** The `[timestamp] Speaker (section): text` line; the timestamp is never redacted. */
function segmentLineBytes(segment: TranscriptSegment, isRedacted: boolean): number {
  const stamp = segment.timestamp ? 3 + escapedByteLength(segment.timestamp) : 0; // `[` + `] `
  const section = segment.section ? 3 + fieldBytes(segment.section, isRedacted) : 0; // ` (` + `)`
  return stamp + fieldBytes(segment.speaker, isRedacted) + section + 2 + fieldBytes(segment.text, isRedacted); // `: `
}

export interface TranscriptBytes {
  /** The transcript block with no segment: delimiters and the Title/Host/Guests header. */
  readonly headerBytes: number;
  /** Per segment, its formatted line (without the newline that joins it to the block). */
  readonly segmentBytes: Float64Array;
  /** Sum of `segmentBytes` plus one newline per segment: the block is `headerBytes + linesBytes`. */
  readonly linesBytes: number;
  /** Positions where the section changes from one segment to the next (where chunks may be cut). */
  readonly sectionBoundaries: number;
}

export interface TranscriptBytesOptions {
  /** Guardrails may redact PII (speaker, section, text, title, host, guests) before sending. */
  readonly isRedacted: boolean;
}

/**
 * Upper bounds of the transcript block of `episode` (or of any chunk of it: a chunk's block
 * is the same header plus its own segments' lines).
 */
export function transcriptBytesOf(episode: Episode, { isRedacted }: TranscriptBytesOptions): TranscriptBytes {
  const headerFields = [episode.title, episode.host ?? '', ...episode.guests];
  const headerGrowth = isRedacted ? headerFields.reduce((sum, field) => sum + redactionGrowthBytes(field), 0) : 0;
  // The header is at most a few kilobytes (title 500 characters, 50 guests): formatting it is cheap.
  const headerBytes = Buffer.byteLength(formatTranscriptBlock(episode, []), 'utf8') + headerGrowth;
  const segmentBytes = new Float64Array(episode.segments.length);
  let linesBytes = 0;
  let sectionBoundaries = 0;
  episode.segments.forEach((segment, index) => {
    const bytes = segmentLineBytes(segment, isRedacted);
    segmentBytes[index] = bytes;
    linesBytes += bytes + 1;
    if (index > 0 && episode.segments[index - 1]?.section !== segment.section) sectionBoundaries++;
  });
  return { headerBytes, segmentBytes, linesBytes, sectionBoundaries };
}
