/**
 * @module protocol/parse-json
 * Parses a request body as JSON whatever its Content-Type says (clients send JSON as
 * `application/octet-stream` or with no type at all). Integers beyond 2^53 become `bigint`
 * so INT64/UINT64 tensors keep every digit; the slower reviver only runs when a 16-digit run
 * stands outside the text's strings. Nesting deeper than `maxDepth` is refused from the text,
 * before `JSON.parse` spends time on it and before any recursive consumer (validator, encoder)
 * walks it.
 */
import { InvalidInputError } from '../errors.js';
import { scanJsonStructure } from '../security/json-depth.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const INTEGER_LITERAL = /^-?\d+$/;

/** Node >= 21 passes the literal's source text to the reviver (TC39 JSON.parse source text access). */
type SourceReviver = (key: string, value: unknown, context?: { readonly source?: string }) => unknown;

const keepBigIntegers: SourceReviver = (_key, value, context) =>
  typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined && INTEGER_LITERAL.test(context.source)
    ? BigInt(context.source)
    : value;

export interface ParseJsonOptions {
  /** Deepest object/array nesting accepted; unlimited when absent. */
  readonly maxDepth?: number | undefined;
  /** Names the text in error messages. */
  readonly what?: string;
}

/** Decodes UTF-8 (a leading BOM is dropped) and parses; throws InvalidInputError with the reason. */
export function parseJsonBody(bytes: Uint8Array, { maxDepth, what = 'Request body' }: ParseJsonOptions = {}): unknown {
  if (bytes.byteLength === 0) throw new InvalidInputError(`${what} is empty; expected a JSON object`);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new InvalidInputError(`${what} is not valid UTF-8`);
  }
  // Scanned as text, not bytes: a string is searched natively from quote to quote.
  const { hasLongDigitRun } = scanJsonStructure(text, maxDepth);
  try {
    return hasLongDigitRun ? JSON.parse(text, keepBigIntegers as Parameters<typeof JSON.parse>[1]) : JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}
