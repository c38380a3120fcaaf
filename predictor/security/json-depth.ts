/**
 * @module security/json-depth
 * Nesting limits for JSON bodies. Deep nesting costs time in `JSON.parse` (about 1.8 s for a
 * 10 MB `[[[…]]]`) and stack in every recursive consumer (validators, encoders), so it is
 * refused from the raw bytes, before anything parses or walks the value.
 */
import { InvalidInputError } from '../errors.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

function tooDeep(maxDepth: number): InvalidInputError {
  return new InvalidInputError(`JSON nesting exceeds the maximum depth of ${maxDepth}`);
}

/**
 * Throws InvalidInputError when the JSON text in `text` (UTF-8 bytes or a string) nests objects/arrays deeper
 * than `maxDepth` (a scalar has depth 0, `{}` and `[]` depth 1). One pass over the bytes,
 * stopping at the first bracket too deep; brackets inside string literals (escapes included)
 * do not count. UTF-8 never puts an ASCII byte inside a multi-byte character, so scanning
 * bytes is exact; nor does UTF-16 (a surrogate is never an ASCII code unit), so a string is
 * scanned by its code units without encoding it. Malformed JSON is left to the parser.
 */
export function assertJsonDepth(text: Uint8Array | string, maxDepth: number): void {
  // One loop for both: the branch on the input's type is the same on every character.
  const isString = typeof text === 'string';
  let depth = 0;
  let isInString = false;
  for (let index = 0; index < text.length; index++) {
    const byte = isString ? text.charCodeAt(index) : text[index];
    if (isInString) {
      if (byte === BACKSLASH)
        index++; // the escaped byte cannot end the string
      else if (byte === QUOTE) isInString = false;
    } else if (byte === QUOTE) {
      isInString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > maxDepth) throw tooDeep(maxDepth);
    } else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && depth > 0) {
      // Not below 0: a stray closer must not buy headroom for the brackets after it.
      depth--;
    }
  }
}
