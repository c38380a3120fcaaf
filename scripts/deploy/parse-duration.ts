/**
 * @module scripts/deploy/parse-duration
 * Durations on the command line as kubectl writes them: 90s, 10m, 1h, 1500ms; a bare
 * number is seconds.
 */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of `text`, or throws a RangeError naming the accepted forms. */
export function parseDurationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new RangeError(`invalid duration "${text}": use e.g. 90s, 10m, 1h or 1500ms`);
  return Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1000));
}
