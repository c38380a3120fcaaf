/**
 * @module pipeline/episode
 * The podcast episode the pipeline analyses, as decoded from one element of the `episode`
 * BYTES tensor (validated by `episode-schema.ts`).
 */

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
