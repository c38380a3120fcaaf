/**
 * @module pipeline/episode-schema
 * The wire form of one episode (one element of the `episode` BYTES tensor) as a JSON
 * schema. Unknown fields are tolerated and ignored, so clients may send richer records;
 * every known field is validated. Limits bound the work one element can cause.
 */

export const MAX_TITLE_CHARS = 500;
export const MAX_GUESTS = 50;
export const MAX_SEGMENTS = 20_000;
export const MAX_TRANSCRIPT_CHARS = 2_000_000;
/**
 * Deepest JSON nesting of one element. An episode needs 3 (`transcript[].text`); the slack is
 * for the unknown fields clients may add. Checked on the bytes, before `JSON.parse`.
 */
export const MAX_EPISODE_JSON_DEPTH = 32;

/** A timed segment as clients send it; numeric timestamps are seconds from the start. */
export interface WireSegment {
  readonly timestamp: string | number;
  readonly speaker: string;
  readonly section?: string;
  readonly text: string;
}

export interface WireEpisode {
  readonly episode_id?: string;
  readonly title: string;
  readonly host?: string;
  readonly guests?: readonly string[];
  readonly transcript: readonly WireSegment[] | string;
}

const name = { type: 'string', maxLength: 200 } as const;

const segmentSchema = {
  type: 'object',
  properties: {
    timestamp: { type: ['string', 'number'], maxLength: 32, minimum: 0 },
    speaker: name,
    section: name,
    text: { type: 'string', maxLength: 100_000 },
  },
  required: ['timestamp', 'speaker', 'text'],
} as const;

/** ajv schema; type-specific keywords let `transcript` be an array or a string without oneOf. */
export const EPISODE_SCHEMA = {
  type: 'object',
  properties: {
    episode_id: { type: 'string', minLength: 1, maxLength: 200 },
    title: { type: 'string', minLength: 1, maxLength: MAX_TITLE_CHARS },
    host: name,
    guests: { type: 'array', items: name, maxItems: MAX_GUESTS },
    transcript: {
      type: ['array', 'string'],
      items: segmentSchema,
      minItems: 1,
      maxItems: MAX_SEGMENTS,
      minLength: 1,
      maxLength: MAX_TRANSCRIPT_CHARS,
    },
  },
  required: ['title', 'transcript'],
} as const;
