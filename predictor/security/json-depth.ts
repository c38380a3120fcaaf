/**
 * @module security/json-depth
 * Nesting limits for JSON bodies. Deep nesting costs stack and time in every recursive
 * consumer (validators, encoders), so it is refused before anything walks the value.
 */
import { InvalidInputError } from '../errors.js';

function tooDeep(maxDepth: number): InvalidInputError {
  return new InvalidInputError(`JSON nesting exceeds the maximum depth of ${maxDepth}`);
}

/**
 * Throws InvalidInputError when `value` nests objects/arrays deeper than `maxDepth`
 * (a scalar has depth 0, `{}` and `[]` depth 1). Iterative, so it cannot overflow the stack.
 */
export function assertJsonDepth(value: unknown, maxDepth: number): void {
  const stack: { readonly value: unknown; readonly depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > maxDepth) throw tooDeep(maxDepth);
    for (const child of Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
}

/**
 * The same limit on raw JSON text, before parsing (for a body parser's `verify` hook): counts
 * brackets outside string literals. Malformed JSON is left to the parser.
 */
export function assertJsonTextDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let isInString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isInString) {
      if (code === 0x5c) index++; // backslash: skip the escaped character
      else if (code === 0x22) isInString = false;
    } else if (code === 0x22) {
      isInString = true;
    } else if (code === 0x7b || code === 0x5b) {
      if (++depth > maxDepth) throw tooDeep(maxDepth);
    } else if (code === 0x7d || code === 0x5d) {
      depth--;
    }
  }
}
