/**
 * @module pipeline/episode
 * The podcast episode the pipeline analyses, as decoded from one element of the `episode`
 * BYTES tensor (validated by `episode-schema.ts`).
 */
import { createHash } from 'node:crypto';

export interface TranscriptSegment {
  /** The transcript's own timestamp, kept verbatim (`00:12:34`, `12:34` or seconds). */
  readonly timestamp: string;
  readonly speaker: string;
  readonly section?: string;
  readonly text: string;
}

export interface Episode {
  readonly episodeId?: string;
  readonly title: string;
  readonly host?: string;
  readonly guests: readonly string[];
  /** Segments; a plain-text transcript becomes segments without timestamps (`timestamp` ''). */
  readonly segments: readonly TranscriptSegment[];
  /** Whether the transcript came as timed segments (quotes then carry real timestamps). */
  readonly hasTimestamps: boolean;
}

const digests = new WeakMap<Episode, string>();

/**
 * SHA-256 of the episode's canonical JSON (decoded and normalised, so equal content gives
 * equal digests), computed once per episode object: the result cache and the guardrails'
 * analysis cache both key on it.
 */
export function episodeDigest(episode: Episode): string {
  let digest = digests.get(episode);
  if (digest === undefined) {
    digest = createHash('sha256').update(JSON.stringify(episode)).digest('base64url');
    digests.set(episode, digest);
  }
  return digest;
}
