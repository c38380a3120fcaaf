/**
 * @module scripts/deploy/parse-duration
 * Durations on the command line as kubectl and Go write them: 90s, 10m, 1m30s, 1h, 1500ms,
 * 0.5s; "0" alone is zero. A bare number is refused, as Go's time.ParseDuration does: 30
 * seconds or 30 minutes is the reader's guess.
 */
import { UsageError } from './cli-args.js';

const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const WHOLE = /^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))*$/;
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g;

/** Milliseconds of `text`, or a UsageError naming the flag and the accepted forms. */
export function parseDurationMs(text: string, flag = 'duration'): number {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (!WHOLE.test(trimmed)) throw new UsageError(`${flag}: invalid duration "${text}": use e.g. 90s, 1m30s, 10m or 1h`);
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) total += Number(amount) * (UNIT_MS[unit ?? 's'] ?? 0);
  return Math.round(total);
}

/** kubectl's way of printing a duration back: 90000 → "1m30s". */
export function formatDuration(milliseconds: number): string {
  const seconds = Math.round(milliseconds / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${rest || (!hours && !minutes) ? `${rest}s` : ''}`;
}
