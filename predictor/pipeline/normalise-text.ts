/**
 * @module pipeline/normalise-text
 * Text hygiene for untrusted episode fields: one Unicode form, one newline form, and no
 * invisible control characters that could hide text from a reader of the report. A field
 * with nothing visible in it (whitespace, zero-width and other format characters only) is
 * empty, as a whitespace-only one is: it is refused or dropped, never analysed and billed.
 */

// C0/C1 controls except \t and \n, plus the bidi embedding/override/isolate marks used in
// "trojan source" tricks (they reorder what a reader sees without changing the bytes).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/gu;

const PLAIN_ASCII = /^[\x20-\x7E\n\t]*$/;

/** NFC-normalises, turns CRLF/CR into LF and strips control characters other than \n and \t. */
export function normaliseText(text: string): string {
  // Printable ASCII with \n and \t is already normal: skip the three passes (the common case).
  if (PLAIN_ASCII.test(text)) return text;
  return text.replaceAll(/\r\n?/g, '\n').normalize('NFC').replaceAll(INVISIBLE_CONTROLS, '');
}

// A character that draws something: not whitespace, not a format character (Unicode Cf:
// U+200B-U+200F, U+2060-U+2064, U+FEFF, U+00AD, bidi marks, tags, ...) and not another
// default-ignorable code point (variation selectors, Hangul fillers, U+034F, ...). Format
// characters are kept inside visible text: joiners and selectors shape emoji and scripts.
const VISIBLE_CHARACTER = /[^\s\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/** Whether `text` has at least one character a reader can see. */
export function hasVisibleText(text: string): boolean {
  return VISIBLE_CHARACTER.test(text);
}

/** `normaliseText`, trimmed; `''` when nothing visible is left (the field counts as empty). */
export function normaliseField(text: string): string {
  const normal = normaliseText(text).trim();
  return hasVisibleText(normal) ? normal : '';
}

/** Seconds from the start as `HH:MM:SS` (fractions dropped; hours may exceed 99). */
export function formatSeconds(totalSeconds: number): string {
  const whole = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const seconds = whole % 60;
  return [hours, minutes, seconds].map((part) => String(part).padStart(2, '0')).join(':');
}
