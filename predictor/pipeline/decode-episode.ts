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

function parseJson(bytes: Uint8Array, label: string): unknown {
  try {
    // An element may be megabytes of raw bytes (binary extension): refuse deep nesting unparsed.
    assertJsonDepth(bytes, MAX_EPISODE_JSON_DEPTH);
  } catch (error) {
    throw new InvalidInputError(`${label}: ${(error as Error).message}`, { cause: error });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
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

/**
 * Decodes, validates and normalises episode `index` of a request. Text is NFC-normalised
 * and stripped of control characters; numeric timestamps become `HH:MM:SS`; a plain-text
 * transcript is split into segments (`[00:01:02] Name: text` lines are recognised). A field
 * with nothing visible (whitespace, zero-width or other format characters only) counts as
 * empty: a blank title or transcript is refused, blank segments, guests and optional fields
 * are dropped, and a blank speaker is `Unknown`. Strings (already-decoded BYTES) are accepted.
 */
export function decodeEpisode(bytes: Uint8Array | string, index: number): Episode {
  const label = `episode[${index}]`;
  const value = typeof bytes === 'string' ? parseJson(new TextEncoder().encode(bytes), label) : parseJson(bytes, label);
  if (!validateWireEpisode(value)) {
    const [first] = validateWireEpisode.errors ?? [];
    throw new InvalidInputError(first ? `${label}${describeSchemaError(first)}` : `${label}: is invalid`);
  }
  const title = normaliseField(value.title);
  if (!title) throw new InvalidInputError(`${label}.title: must not be blank`);
  const segments =
    typeof value.transcript === 'string'
      ? splitPlainTranscript(normaliseText(value.transcript)).filter((segment) => hasVisibleText(segment.text))
      : value.transcript.map(toSegment).filter((segment) => segment.text !== '');
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
