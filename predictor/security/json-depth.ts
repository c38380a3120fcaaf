/**
 * @module security/json-depth
 * Nesting limits for JSON bodies. Deep nesting costs time in `JSON.parse` (about 1.8 s for a
 * 10 MB `[[[…]]]`) and stack in every recursive consumer (validators, encoders), so it is
 * refused from the text (its UTF-8 bytes or the decoded string), before anything parses or
 * walks the value.
 */
import { InvalidInputError } from '../errors.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** 2^53 has 16 digits: an integer literal that does not fit a double holds a run at least this long. */
const LONG_DIGIT_RUN = 16;

/** What one pass over a JSON text learns about it besides its depth. */
export interface JsonStructure {
  /** A run of 16 or more digits outside string literals: the text may write an integer beyond 2^53. */
  readonly hasLongDigitRun: boolean;
}

function tooDeep(maxDepth: number): InvalidInputError {
  return new InvalidInputError(`JSON nesting exceeds the maximum depth of ${maxDepth}`);
}

/**
 * Index of the quote that closes the string literal opened at `open`, or `text.length` when
 * none does. A quote closes it when an even number of backslashes stands right before it:
 * escapes pair backslashes from the left, so the parity of that run alone decides. Found by
 * `indexOf`, so a string costs one native search per quote it holds rather than a step per
 * character; each backslash is counted once, for the quote it precedes.
 */
function closingQuoteOf(text: Uint8Array | string, open: number, isString: boolean): number {
  let at = open;
  for (;;) {
    at = isString ? (text as string).indexOf('"', at + 1) : (text as Uint8Array).indexOf(QUOTE, at + 1);
    if (at < 0) return text.length;
    let before = at - 1;
    // Stops at the opening quote at the latest.
    while ((isString ? (text as string).charCodeAt(before) : (text as Uint8Array)[before]) === BACKSLASH) before--;
    if ((at - 1 - before) % 2 === 0) return at;
  }
}

/**
 * One pass over the JSON text in `text` (UTF-8 bytes or a string): throws InvalidInputError
 * when objects/arrays nest deeper than `maxDepth` (a scalar has depth 0, `{}` and `[]` depth
 * 1), stopping at the first bracket too deep, and reports its `JsonStructure`. Brackets and
 * digits inside string literals (escapes included) do not count. UTF-8 never puts an ASCII
 * byte inside a multi-byte character, so scanning bytes is exact; nor does UTF-16 (a
 * surrogate is never an ASCII code unit), so a string is scanned by its code units without
 * encoding it. Malformed JSON is left to the parser.
 */
export function scanJsonStructure(text: Uint8Array | string, maxDepth = Number.POSITIVE_INFINITY): JsonStructure {
  // One loop for both: the branch on the input's type is the same on every character.
  const isString = typeof text === 'string';
  let depth = 0;
  let digitRun = 0;
  let hasLongDigitRun = false;
  for (let index = 0; index < text.length; index++) {
    const code = isString ? text.charCodeAt(index) : text[index]!;
    if (code >= DIGIT_0 && code <= DIGIT_9) {
      if (++digitRun >= LONG_DIGIT_RUN) hasLongDigitRun = true;
      continue;
    }
    digitRun = 0;
    if (code === QUOTE) {
      index = closingQuoteOf(text, index, isString);
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > maxDepth) throw tooDeep(maxDepth);
    } else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && depth > 0) {
      // Not below 0: a stray closer must not buy headroom for the brackets after it.
      depth--;
    }
  }
  return { hasLongDigitRun };
}

/** Throws InvalidInputError when `text` nests deeper than `maxDepth` (see `scanJsonStructure`). */
export function assertJsonDepth(text: Uint8Array | string, maxDepth: number): void {
  scanJsonStructure(text, maxDepth);
}
