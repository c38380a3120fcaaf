/**
 * @module test/pipeline/support/adversarial-episodes
 * A seeded generator of episodes built to make prompts larger than their JSON: many tiny
 * plain-text lines (each gains a speaker prefix), delimiter runs (`<<<` triples in bytes),
 * multi-byte and emoji text, Spanish ids that redaction grows from 8 to 13 characters,
 * numbered claims (grounding), section changes (chunk cut-backs). Deterministic per seed so
 * a failing case can be replayed from its seed.
 */

/** mulberry32: small, fast, good enough to vary test inputs. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export type Random = () => number;

export const integer = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** A valid 7-digit Spanish DNI: the shortest PII match, replaced by the 13-character `[NATIONAL_ID]`. */
export function spanishId(random: Random): string {
  const number = integer(random, 0, 9_999_999);
  return `${String(number).padStart(7, '0')}${DNI_LETTERS[number % 23]}`;
}

const WORDS = ['tide', 'reef', 'budget', 'orbit', 'pasta', 'léxico', 'naïve', 'Ωmega', '漢字', '😀', '🐙🦑', 'x'];

/** One short piece of hostile text of a random kind. */
function piece(random: Random): string {
  switch (integer(random, 0, 6)) {
    case 0:
      return '<<<'.repeat(integer(random, 1, 12)) + pick(random, ['', '>', '<<']) + '>>>'.repeat(integer(random, 0, 12));
    case 1:
      return Array.from({ length: integer(random, 1, 6) }, () =>
        pick(random, ['😀', '🦑', '漢', 'é', '\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}']),
      ).join('');
    case 2:
      return Array.from({ length: integer(random, 1, 8) }, () => spanishId(random)).join(' ');
    case 3:
      return `In ${integer(random, 1900, 2030)} revenue grew by ${integer(random, 1, 99)} percent.`;
    case 4:
      return pick(random, ['a', 'b.', '?', 'TRANSCRIPT>>>', '<<<TRANSCRIPT', 'x@y.io']);
    default:
      return Array.from({ length: integer(random, 1, 12) }, () => pick(random, WORDS)).join(' ');
  }
}

function text(random: Random, pieces: number): string {
  return Array.from({ length: pieces }, () => piece(random)).join(pick(random, [' ', ' ', '\n', '  \n ']));
}

function plainTranscript(random: Random, lines: number): string {
  return Array.from({ length: lines }, (_, index) => {
    const stamp = random() < 0.5 ? `[${Math.floor(index / 60)}:${String(index % 60).padStart(2, '0')}] ` : '';
    const speaker = random() < 0.6 ? `${pick(random, ['Ann', 'Bo', 'Dr. Lee', 'María José', spanishId(random)])}: ` : '';
    // One- or two-character lines are the worst case for speaker prefixes: `x` becomes `Unknown: x`.
    const body = random() < 0.5 ? pick(random, ['x', 'a.', '1', '<<<', '漢']) : text(random, integer(random, 1, 3));
    return `${stamp}${speaker}${body}`;
  }).join(pick(random, ['\n', '\n\n', '\n']));
}

function timedTranscript(random: Random, segments: number): unknown[] {
  const sections = Array.from({ length: integer(random, 1, 5) }, () => text(random, 1).slice(0, 60) || 'part');
  let section = pick(random, sections);
  return Array.from({ length: segments }, (_, index) => {
    if (random() < 0.2) section = pick(random, sections);
    return {
      timestamp: random() < 0.5 ? index * integer(random, 1, 40) : `00:${String(index % 60).padStart(2, '0')}`,
      speaker: pick(random, ['Ann', spanishId(random), '<<<host>>>', '😀', 'Ωmega Team']),
      ...(random() < 0.7 ? { section } : {}),
      text: random() < 0.3 ? pick(random, ['x', '<<<', '1']) : text(random, integer(random, 1, 8)),
    };
  });
}

export interface AdversarialEpisode {
  /** The episode as a client sends it (one element of the `episode` tensor, JSON). */
  readonly json: string;
  readonly kind: 'plain' | 'timed';
}

/** One adversarial episode; `size` scales its transcript (lines or segments). */
export function adversarialEpisode(random: Random, size: number): AdversarialEpisode {
  const kind = random() < 0.5 ? 'plain' : 'timed';
  const episode = {
    title: `${text(random, 2).slice(0, 400)} ${spanishId(random)}`,
    ...(random() < 0.5 ? { host: `${pick(random, ['<<<', 'Ann'])} ${spanishId(random)}` } : {}),
    guests: Array.from({ length: integer(random, 0, 4) }, () => pick(random, ['Bo', '>>>>>>', spanishId(random), '🐙'])),
    transcript: kind === 'plain' ? plainTranscript(random, size) : timedTranscript(random, size),
  };
  return { json: JSON.stringify(episode), kind };
}
