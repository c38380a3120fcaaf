/**
 * @module pipeline/decode-episode
 * One element of the `episode` BYTES tensor → a validated, normalised `Episode`. Every
 * failure is an InvalidInputError naming the element and the field, e.g.
 * `episode[2].transcript[14].speaker: must be string`, so a client can fix its batch.
 */
import type { ErrorObject } from 'ajv';
import { createAjv } from '../create-ajv.js';
import { InvalidInputError } from '../errors.js';
import type { Episode, TranscriptSegment } from './episode.js';
import { assertJsonDepth } from '../security/json-depth.js';
import { EPISODE_SCHEMA, MAX_EPISODE_JSON_DEPTH, MAX_SEGMENTS, type WireEpisode, type WireSegment } from './episode-schema.js';
import { formatSeconds, hasVisibleText, normaliseField, normaliseText } from './normalise-text.js';
import { splitPlainTranscript, UNKNOWN_SPEAKER } from './split-plain-transcript.js';

// Compiled once at module load: a pure function, no I/O. allErrors off: the first problem
// is reported and validation of a 20 000-segment transcript stops early.
const validateWireEpisode = createAjv({ allErrors: false, allowUnionTypes: true, strict: true }).compile<WireEpisode>(EPISODE_SCHEMA);

const MAX_JSON_MESSAGE_CHARS = 200;

/** `/transcript/14/speaker` → `.transcript[14].speaker`. */
function toFieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('');
}

function describeSchemaError(error: ErrorObject): string {
  if (error.keyword === 'required') {
    return `${toFieldPath(error.instancePath)}.${String(error.params.missingProperty)}: is required`;
  }
  if (error.keyword === 'type') {
    return `${toFieldPath(error.instancePath)}: must be ${String(error.params.type).replace(',', ' or ')}`;
  }
  return `${toFieldPath(error.instancePath)}: ${error.message ?? 'is invalid'}`;
}

function toSegment(segment: WireSegment): TranscriptSegment {
  const timestamp = typeof segment.timestamp === 'number' ? formatSeconds(segment.timestamp) : normaliseField(segment.timestamp);
  const section = segment.section === undefined ? '' : normaliseField(segment.section);
  return {
    timestamp,
    speaker: normaliseField(segment.speaker) || UNKNOWN_SPEAKER,
    ...(section ? { section } : {}),
    text: normaliseField(segment.text),
  };
}

/** An element may be megabytes: deep nesting is refused before anything parses it. */
function assertElementDepth(element: Uint8Array | string, label: string): void {
  try {
    assertJsonDepth(element, MAX_EPISODE_JSON_DEPTH);
  } catch (error) {
    throw new InvalidInputError(`${label}: ${(error as Error).message}`, { cause: error });
  }
}

/** A string element (JSON REST) is parsed as it is; bytes are UTF-8 checked and decoded first. */
function parseJson(element: Uint8Array | string, label: string): unknown {
  let text: string;
  try {
    // A string reads as its UTF-8 bytes would: lone surrogates become U+FFFD and a leading
    // byte-order mark is dropped (TextDecoder drops it from bytes).
    text =
      typeof element === 'string'
        ? withoutByteOrderMark(element.toWellFormed())
        : new TextDecoder('utf-8', { fatal: true }).decode(element);
  } catch (error) {
    throw new InvalidInputError(`${label}: not valid UTF-8`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, MAX_JSON_MESSAGE_CHARS) : 'unparseable';
    throw new InvalidInputError(`${label}: invalid JSON: ${reason}`, { cause: error });
  }
}

function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function assertWireEpisode(value: unknown, label: string): asserts value is WireEpisode {
  if (!validateWireEpisode(value)) {
    const [first] = validateWireEpisode.errors ?? [];
    throw new InvalidInputError(first ? `${label}${describeSchemaError(first)}` : `${label}: is invalid`);
  }
}

/**
 * Decodes, validates and normalises episode `index` of a request. Text is NFC-normalised
 * and stripped of control characters; numeric timestamps become `HH:MM:SS`; a plain-text
 * transcript is split into segments (`[00:01:02] Name: text` lines are recognised). A field
 * with nothing visible (whitespace, zero-width or other format characters only) counts as
 * empty: a blank title or transcript is refused, blank segments, guests and optional fields
 * are dropped, and a blank speaker is `Unknown`. Strings (already-decoded BYTES) are accepted.
 */
export function decodeEpisode(bytes: Uint8Array | string, index: number): Episode {
  const steps = decodeSteps(bytes, index);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** Segments decoded per step of `decodeSteps`. */
const SEGMENTS_PER_TURN = 2000;

/**
 * The decoding, one stage per step: the depth scan, parsing, validation (a blank title is
 * refused here, before the segments are normalised), then `SEGMENTS_PER_TURN` segments at a
 * time. `decodeEpisode` runs the steps straight through, `decodeEpisodeCooperatively` with a
 * turn of the event loop between them: one sequence, so the two cannot drift apart.
 */
function* decodeSteps(bytes: Uint8Array | string, index: number): Generator<void, Episode> {
  const label = `episode[${index}]`;
  assertElementDepth(bytes, label);
  yield;
  const value = parseJson(bytes, label);
  yield;
  assertWireEpisode(value, label);
  if (!normaliseField(value.title)) throw new InvalidInputError(`${label}.title: must not be blank`);
  yield;
  if (typeof value.transcript === 'string') return toEpisode(value, label, segmentsOf(value));
  const segments: TranscriptSegment[] = [];
  for (let start = 0; start < value.transcript.length; start += SEGMENTS_PER_TURN) {
    if (start > 0) yield;
    segments.push(...segmentsOf({ transcript: value.transcript.slice(start, start + SEGMENTS_PER_TURN) }));
  }
  return toEpisode(value, label, segments);
}

/**
 * Elements from this size (bytes, or characters of a string) are decoded in turns. A smaller
 * one decodes in about a millisecond at once: a turn of the event loop would only put its
 * request behind every other one that arrived meanwhile, before its LLM calls are sent.
 */
export const COOPERATIVE_DECODE_MIN_LENGTH = 64 * 1024;

/**
 * `decodeEpisode`; for an element of `COOPERATIVE_DECODE_MIN_LENGTH` or more, handing the
 * event loop back before it and between its stages (`decodeSteps`), so decoding a 2 MiB
 * episode is a few short stretches rather than one long one, apart from the body's parsing
 * before it. The result is the same.
 */
export async function decodeEpisodeCooperatively(
  bytes: Uint8Array | string,
  index: number,
  yieldControl: () => Promise<void>,
): Promise<Episode> {
  if (bytes.length < COOPERATIVE_DECODE_MIN_LENGTH) return decodeEpisode(bytes, index);
  await yieldControl();
  const steps = decodeSteps(bytes, index);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await yieldControl();
  }
}

/** The non-blank segments of a validated episode (a plain-text transcript is split into lines). */
function segmentsOf({ transcript }: Pick<WireEpisode, 'transcript'>): TranscriptSegment[] {
  return typeof transcript === 'string'
    ? splitPlainTranscript(normaliseText(transcript)).filter((segment) => hasVisibleText(segment.text))
    : transcript.map(toSegment).filter((segment) => segment.text !== '');
}

function toEpisode(value: WireEpisode, label: string, segments: readonly TranscriptSegment[]): Episode {
  const title = normaliseField(value.title);
  if (!title) throw new InvalidInputError(`${label}.title: must not be blank`);
  if (segments.length === 0) throw new InvalidInputError(`${label}.transcript: has no text`);
  if (segments.length > MAX_SEGMENTS) {
    throw new InvalidInputError(`${label}.transcript: must NOT have more than ${MAX_SEGMENTS} segments`);
  }
  const host = value.host === undefined ? '' : normaliseField(value.host);
  const episodeId = value.episode_id === undefined ? '' : normaliseField(value.episode_id);
  return {
    ...(episodeId ? { episodeId } : {}),
    title,
    ...(host ? { host } : {}),
    guests: (value.guests ?? []).map(normaliseField).filter(Boolean),
    segments,
    hasTimestamps: segments.some((segment) => segment.timestamp !== ''),
  };
}
