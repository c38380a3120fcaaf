/**
 * @module pipeline/chunking/plan-chunks
 * Splits a transcript that is over the token budget into consecutive, overlapping chunks.
 * A chunk ends at a section boundary when one leaves the chunk at least half full, else at
 * a segment boundary; segments are never cut, so every quote keeps its original timestamp.
 * The next chunk starts `overlapSegments` before the previous end, so a statement near a
 * cut is seen whole by at least one chunk. Pure; tokens are estimated as ceil(bytes / 4).
 */
import { estimateTokens } from '../../llm/model-router.js';
import type { Episode } from '../episode.js';
import { formatSegment, formatTranscriptBlock } from '../transcript-format.js';

export interface ChunkingSettings {
  /** Largest prompt (instructions + transcript block) one call may send (config `CHUNK_MAX_INPUT_TOKENS`). */
  readonly maxInputTokens: number;
  /** Segments repeated at the start of the next chunk (config `CHUNK_OVERLAP_SEGMENTS`). */
  readonly overlapSegments: number;
  /** Chunk calls of one agent in flight at once (config `CHUNK_CONCURRENCY`). */
  readonly concurrency: number;
}

export interface TranscriptChunk {
  /** 0-based position among `count` chunks. */
  readonly index: number;
  readonly count: number;
  /** Index of the chunk's first segment in the full transcript. */
  readonly startSegment: number;
  /** One past the chunk's last segment. */
  readonly endSegment: number;
  /** The episode header with this chunk's segments (the whole episode when it fits). */
  readonly episode: Episode;
}

/** Room for the system instruction and the longest task part (schema spelled out as text). */
export const TASK_OVERHEAD_TOKENS = 1_500;

/** Token estimate of the transcript block of `episode`, header and delimiters included. */
export function transcriptBlockTokens(episode: Episode): number {
  return estimateTokens(formatTranscriptBlock(episode));
}

function lastSectionBoundary(episode: Episode, start: number, end: number, tokens: readonly number[], minTokens: number): number {
  let filled = tokens.slice(start, end).reduce((sum, count) => sum + count, 0);
  for (let boundary = end; boundary > start + 1; boundary--) {
    if (filled < minTokens) break;
    const before = episode.segments[boundary - 1];
    const after = episode.segments[boundary];
    if (after !== undefined && before?.section !== after.section) return boundary;
    filled -= tokens[boundary - 1] ?? 0;
  }
  return end;
}

/** UTF-8 bytes of the segments' text, counted without copying it. */
function textTokens(episode: Episode): number {
  let bytes = 0;
  for (const segment of episode.segments) bytes += Buffer.byteLength(segment.text, 'utf8');
  return Math.ceil(bytes / 4);
}

/**
 * The chunks of `episode`: one chunk holding the episode itself when the whole prompt fits
 * `maxInputTokens`. A single segment larger than the budget becomes a chunk of its own.
 */
export function planChunks(
  episode: Episode,
  { maxInputTokens, overlapSegments }: Omit<ChunkingSettings, 'concurrency'>,
): TranscriptChunk[] {
  const segmentCount = episode.segments.length;
  const whole = { index: 0, count: 1, startSegment: 0, endSegment: segmentCount, episode };
  // Text that alone exceeds the budget is not formatted as one block just to be measured: the
  // block is cached with the episode, a copy of the whole transcript held for the run and never
  // sent. (Formatting may collapse whitespace around line breaks; text that then fits still
  // comes out of the loop below as one range, i.e. the whole episode.)
  const isTextOverBudget = textTokens(episode) > maxInputTokens;
  if (!isTextOverBudget && transcriptBlockTokens(episode) + TASK_OVERHEAD_TOKENS <= maxInputTokens) return [whole];
  // +1: the newline after each line.
  const tokens = episode.segments.map((segment) => estimateTokens(formatSegment(segment)) + 1);
  const budget = Math.max(1, maxInputTokens - TASK_OVERHEAD_TOKENS - transcriptBlockTokens({ ...episode, segments: [] }));
  const ranges: { start: number; end: number }[] = [];
  let start = 0;
  let previousEnd = 0;
  while (start < segmentCount) {
    let end = start;
    let used = 0;
    // Always take one segment, and always move past the previous chunk's end.
    while (end < segmentCount && (end === start || end <= previousEnd || used + (tokens[end] ?? 0) <= budget)) {
      used += tokens[end] ?? 0;
      end++;
    }
    if (end < segmentCount) end = Math.max(previousEnd + 1, lastSectionBoundary(episode, start, end, tokens, budget / 2));
    ranges.push({ start, end });
    if (end >= segmentCount) break;
    const overlap = Math.min(overlapSegments, Math.floor((end - start) / 2));
    previousEnd = end;
    start = end - overlap;
  }
  if (ranges.length === 1) return [whole];
  return ranges.map(({ start: startSegment, end: endSegment }, index) => ({
    index,
    count: ranges.length,
    startSegment,
    endSegment,
    episode: { ...episode, segments: episode.segments.slice(startSegment, endSegment) },
  }));
}
