/**
 * @module pipeline/estimation/chunk-bound
 * How many chunks `planChunks` can make of a transcript, and how many transcript bytes all
 * its chunk prompts can hold together, from upper bounds of the segments' bytes. A bound,
 * not a replay of the planner: the planner runs later on the episode as it is sent (after
 * any PII redaction), whose lines are only known to be no longer than these bounds, and its
 * greedy packing is not monotone in line length. What the bound relies on (`plan-chunks.ts`),
 * in the planner's tokens (ceil(bytes / 4) + 1 a line) and budget per chunk
 * B = max(1, maxInputTokens − TASK_OVERHEAD_TOKENS − header tokens):
 *
 * - a chunk other than the last either was cut back to a section boundary, which the
 *   planner does only while the chunk keeps ≥ B/2 tokens, or stopped because the next line
 *   did not fit, so it holds > B − (that line's tokens);
 * - a chunk starts at most `overlapSegments` (and at most half its predecessor's segments)
 *   before its predecessor's end and ends past it: all chunks together hold every line once
 *   plus at most one window of `overlapSegments` consecutive lines per later chunk, and a
 *   line sits in at most `maxChunksPerSegment(overlapSegments)` chunks;
 * - PII redaction can make two section names equal, never two equal ones different, so the
 *   redacted transcript has no more section boundaries than the decoded one.
 */
import { TASK_OVERHEAD_TOKENS } from '../chunking/plan-chunks.js';

export interface ChunkBoundInput {
  /** Upper bound of the transcript block with no segment (header and delimiters). */
  readonly headerBytes: number;
  /** Upper bound of each segment's formatted line, without its newline. */
  readonly segmentBytes: ArrayLike<number>;
  /** Positions where the section changes from one segment to the next. */
  readonly sectionBoundaries: number;
  readonly maxInputTokens: number;
  readonly overlapSegments: number;
}

export interface ChunkBound {
  /** Most chunks the planner can make (1: the whole transcript in one call). */
  readonly chunkCount: number;
  /** Most bytes of segment lines (newlines included) all chunks hold together. */
  readonly linesBytes: number;
}

const plannerTokens = (bytes: number) => Math.ceil(bytes / 4);

/**
 * The most chunks one segment can appear in. With i in chunks k..k+j, let D_j = i − start of
 * chunk k+j: D_1 ≤ overlap − 1, and each later chunk starts past the middle of the one
 * before, so D_(j+1) ≤ min(overlap − 1 − j, floor((D_j − 1 − j) / 2)).
 */
export function maxChunksPerSegment(overlapSegments: number): number {
  let chunks = 1;
  for (let step = 1, reach = overlapSegments - 1; reach >= 0; step++) {
    chunks++;
    reach = Math.min(overlapSegments - 1 - step, Math.floor((reach - 1 - step) / 2));
  }
  return chunks;
}

/** The largest sum of `width` consecutive values. */
function largestWindow(values: ArrayLike<number>, width: number): number {
  if (width <= 0) return 0;
  let sum = 0;
  let largest = 0;
  for (let index = 0; index < values.length; index++) {
    sum += values[index]!;
    if (index >= width) sum -= values[index - width]!;
    largest = Math.max(largest, sum);
  }
  return largest;
}

/**
 * The most chunks but the whole transcript's first (C − 1). Several valid bounds, the
 * smallest wins; T = all line tokens, W = the largest overlap window, m = chunks per line.
 */
function laterChunks(tokens: Float64Array, budget: number, sectionBoundaries: number, overlapSegments: number): number {
  let total = 0;
  let largestLine = 0;
  let hugeLines = 0;
  for (const lineTokens of tokens) {
    total += lineTokens;
    largestLine = Math.max(largestLine, lineTokens);
    if (lineTokens > budget / 2) hugeLines++;
  }
  const window = largestWindow(tokens, Math.min(overlapSegments, tokens.length));
  const perLine = maxChunksPerSegment(overlapSegments);
  // A chunk followed by a line of ≤ B/2 holds > B/2 (cut or not); at most `hugeLines` are not.
  const bounds = [tokens.length - 1, hugeLines + Math.floor((2 * perLine * total) / budget)];
  if (budget / 2 > window) {
    bounds.push(Math.floor((total + (hugeLines * budget) / 2) / (budget / 2 - window)));
    // Cut chunks (≥ B/2) end at a section boundary shared by at most `perLine` chunks; the
    // others hold > B − largestLine.
    if (budget - largestLine - window > 0) {
      const cut = Math.min(perLine * sectionBoundaries, Math.floor(total / (budget / 2 - window)));
      bounds.push(cut + Math.floor(total / (budget - largestLine - window)));
    }
  }
  return Math.max(0, Math.min(...bounds));
}

/** Bounds the chunk plan of a transcript whose lines are at most `segmentBytes` long. */
export function boundChunks({
  headerBytes,
  segmentBytes,
  sectionBoundaries,
  maxInputTokens,
  overlapSegments,
}: ChunkBoundInput): ChunkBound {
  const count = segmentBytes.length;
  const lines = new Float64Array(count);
  const tokens = new Float64Array(count);
  let linesBytes = 0;
  for (let index = 0; index < count; index++) {
    const bytes = segmentBytes[index]!;
    lines[index] = bytes + 1;
    tokens[index] = plannerTokens(bytes) + 1;
    linesBytes += bytes + 1;
  }
  const whole = { chunkCount: 1, linesBytes };
  if (count <= 1 || plannerTokens(headerBytes + linesBytes) + TASK_OVERHEAD_TOKENS <= maxInputTokens) return whole;
  const budget = Math.max(1, maxInputTokens - TASK_OVERHEAD_TOKENS - plannerTokens(headerBytes));
  const chunkCount = 1 + laterChunks(tokens, budget, sectionBoundaries, overlapSegments);
  if (chunkCount === 1) return whole;
  const window = Math.min(overlapSegments, count);
  return {
    chunkCount,
    linesBytes: Math.min(maxChunksPerSegment(overlapSegments) * linesBytes, linesBytes + (chunkCount - 1) * largestWindow(lines, window)),
  };
}
