/**
 * @module pipeline/split-plain-transcript
 * Turns a plain-text transcript into segments. A line may start with `[00:01:02]` and/or a
 * `Name:` speaker prefix; such a line starts a new segment, other lines continue the current
 * one, and a blank line ends it. Text without a prefix is attributed to `Unknown`.
 */
import type { TranscriptSegment } from './episode.js';

export const UNKNOWN_SPEAKER = 'Unknown';

const TIMESTAMP_PREFIX = /^\[(\d{1,3}:\d{2}(?::\d{2})?(?:\.\d+)?)\]\s*/u;
// A speaker is 1-4 words, the first capitalised, the rest capitalised, numbers or name
// particles; this keeps "So here's the thing: ..." from becoming a speaker.
const SPEAKER_PREFIX = /^(\p{Lu}[\p{L}\p{M}.'’-]*(?: (?:\p{Lu}[\p{L}\p{M}.'’-]*|\d+|de|da|del|der|di|du|la|le|van|von|bin|al))*)\s*:\s+/u;
const MAX_SPEAKER_WORDS = 4;

interface LineParts {
  readonly timestamp?: string;
  readonly speaker?: string;
  readonly text: string;
}

function parseLine(line: string): LineParts {
  let rest = line.trim();
  const stamp = TIMESTAMP_PREFIX.exec(rest);
  if (stamp) rest = rest.slice(stamp[0].length);
  const speaker = SPEAKER_PREFIX.exec(rest);
  const isSpeaker = speaker !== null && speaker[1]!.split(' ').length <= MAX_SPEAKER_WORDS;
  return {
    ...(stamp ? { timestamp: stamp[1] } : {}),
    ...(isSpeaker ? { speaker: speaker[1] } : {}),
    text: isSpeaker ? rest.slice(speaker[0].length) : rest,
  };
}

/** Splits normalised plain text into segments (empty when the text has no words). */
export function splitPlainTranscript(text: string): TranscriptSegment[] {
  const segments: TranscriptSegment[] = [];
  let current: { timestamp: string; speaker: string; lines: string[] } | undefined;
  const flush = (): void => {
    const body = current?.lines.join(' ').trim();
    if (current && body) segments.push({ timestamp: current.timestamp, speaker: current.speaker, text: body });
    current = undefined;
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    const parts = parseLine(line);
    if (parts.timestamp !== undefined || parts.speaker !== undefined || current === undefined) {
      flush();
      current = { timestamp: parts.timestamp ?? '', speaker: parts.speaker ?? UNKNOWN_SPEAKER, lines: [] };
    }
    current.lines.push(parts.text);
  }
  flush();
  return segments;
}
