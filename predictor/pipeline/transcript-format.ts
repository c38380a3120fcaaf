/**
 * @module pipeline/transcript-format
 * How a transcript is handed to a model: as clearly delimited data, one segment a line
 * (`[timestamp] Speaker (section): text`), never spliced into instructions. The emulator
 * parses the same format back, so keep both sides on these helpers.
 */
import type { Episode, TranscriptSegment } from './episode.js';

export const TRANSCRIPT_BEGIN = '<<<TRANSCRIPT';
export const TRANSCRIPT_END = 'TRANSCRIPT>>>';

/** Removes the delimiter strings from untrusted text so data cannot close its own block. */
function neutralise(text: string): string {
  // Most text holds neither: two searches cost less than two replacements that find nothing.
  if (!text.includes('<<<') && !text.includes('>>>')) return text;
  return text.replaceAll('<<<', '‹‹‹').replaceAll('>>>', '›››');
}

const LINE_BREAK = /\s*\n\s*/g;

/** One segment as a line. */
export function formatSegment(segment: TranscriptSegment): string {
  const stamp = segment.timestamp ? `[${neutralise(segment.timestamp)}] ` : '';
  const section = segment.section ? ` (${neutralise(segment.section)})` : '';
  const text = neutralise(segment.text);
  return `${stamp}${neutralise(segment.speaker)}${section}: ${text.includes('\n') ? text.replaceAll(LINE_BREAK, ' ') : text}`;
}

// Every agent's prompt, its routing estimate and its cache key start with the same block:
// format it once per episode object (chunks pass their own segments and are not cached).
const formattedBlocks = new WeakMap<Episode, string>();

/** The episode header and transcript block, delimited as data. */
export function formatTranscriptBlock(episode: Episode, segments: readonly TranscriptSegment[] = episode.segments): string {
  if (segments !== episode.segments) return renderTranscriptBlock(episode, segments);
  let block = formattedBlocks.get(episode);
  if (block === undefined) formattedBlocks.set(episode, (block = renderTranscriptBlock(episode, segments)));
  return block;
}

function renderTranscriptBlock(episode: Episode, segments: readonly TranscriptSegment[]): string {
  const header = [
    `Title: ${neutralise(episode.title)}`,
    episode.host ? `Host: ${neutralise(episode.host)}` : undefined,
    episode.guests.length > 0 ? `Guests: ${episode.guests.map(neutralise).join(', ')}` : undefined,
  ].filter((line): line is string => line !== undefined);
  return [TRANSCRIPT_BEGIN, ...header, '', ...segments.map(formatSegment), TRANSCRIPT_END].join('\n');
}

const SEGMENT_LINE = /^(?:\[([^\]]*)\] )?([^:(]+?)(?: \(([^)]*)\))?: (.*)$/;

/** Parses a transcript block back into segments (used by the emulator and judges). */
export function parseTranscriptBlock(text: string): TranscriptSegment[] {
  const start = text.indexOf(TRANSCRIPT_BEGIN);
  const end = text.indexOf(TRANSCRIPT_END, start);
  if (start < 0 || end < 0) return [];
  const lines = text.slice(start + TRANSCRIPT_BEGIN.length, end).split('\n');
  const blank = lines.findIndex((line, index) => index > 0 && line.trim() === '');
  const segments: TranscriptSegment[] = [];
  for (const line of lines.slice(blank < 0 ? 0 : blank + 1)) {
    const match = SEGMENT_LINE.exec(line);
    if (!match) continue;
    const [, timestamp = '', speaker = '', section, body = ''] = match;
    segments.push({ timestamp, speaker: speaker.trim(), text: body, ...(section ? { section } : {}) });
  }
  return segments;
}
