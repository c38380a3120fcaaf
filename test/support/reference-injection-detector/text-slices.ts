/**
 * @module test/support/reference-injection-detector/text-slices
 * FROZEN copy of predictor/security/detectors at commit 5070230 (before the cost work of issue 11): the
 * reference that test/security/detectors/injection-equivalence.test.ts holds the product to. Never edit.
 * Cuts a long text into slices for the detectors, so that one huge field is analysed in
 * bounded steps (the analysis yields to the event loop between them). A slice ends where a
 * word of two or more letters starts after whitespace: no token (an email, a base64 run, a
 * card) and no spaced-out "i g n o r e" is cut, so each detector sees what it would see in
 * the whole text. A stretch with no such place within half a slice is cut before any token,
 * and one without whitespace gets a hard cut.
 */

/** A slice `[start, end)` and how far past `end` a detector should read to see matches that cross the cut. */
export interface TextSlice {
  readonly start: number;
  readonly end: number;
  /** At least `overlapChars` past `end` (or the end of the text), at a cut point when one is near. */
  readonly scanEnd: number;
}

/** Characters of one slice by default: 16 KiB, about ten milliseconds of injection-detector work. */
export const DEFAULT_SLICE_CHARS = 16_384;

// JavaScript's \s: ASCII whitespace, NBSP, the Unicode space separators, line/paragraph separators, BOM.
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

const COMBINING_MARK = /^\p{M}/u;
// Two letters: a single letter may belong to a spaced-out word ("i g n o r e"), a word of two cannot.
const TWO_LETTERS = /^\p{L}\p{L}/u;

const isAfterWhitespace = (text: string, index: number) => index > 0 && index < text.length && isWhitespace(text.charCodeAt(index - 1));

/** The best place for a slice to start: after whitespace, before a word of at least two letters. */
function isWordStart(text: string, index: number): boolean {
  return isAfterWhitespace(text, index) && TWO_LETTERS.test(text.slice(index, index + 4));
}

/** The next best: after whitespace, before any token. */
function isTokenStart(text: string, index: number): boolean {
  return isAfterWhitespace(text, index) && !isWhitespace(text.charCodeAt(index)) && !COMBINING_MARK.test(text.slice(index, index + 2));
}

/** A hard cut at `index`, moved back so it splits neither a surrogate pair nor a base letter from its marks. */
function hardCut(text: string, index: number, floor: number): number {
  let cut = index;
  while (cut > floor + 1) {
    const code = text.charCodeAt(cut);
    const isLowSurrogate = code >= 0xdc00 && code <= 0xdfff;
    if (!isLowSurrogate && !COMBINING_MARK.test(text.slice(cut, cut + 2))) break;
    cut--;
  }
  return cut;
}

/** The last word start in `(floor, index]`, else the last token start, else a hard cut at `index`. */
function cutAtOrBefore(text: string, index: number, floor: number): number {
  for (let cut = index; cut > floor; cut--) if (isWordStart(text, cut)) return cut;
  for (let cut = index; cut > floor; cut--) if (isTokenStart(text, cut)) return cut;
  return hardCut(text, index, floor);
}

/** The first word start in `[index, limit)`, else a hard cut at `index`. */
function cutAtOrAfter(text: string, index: number, limit: number): number {
  const last = Math.min(limit, text.length);
  for (let cut = index; cut < last; cut++) if (isWordStart(text, cut)) return cut;
  return hardCut(text, index, index - 64);
}

/**
 * The slices of `text`, in order, covering it exactly. Finding the cuts reads at most half a
 * slice back (twice) and one overlap forward per slice, so the whole walk is linear in the text.
 * @example for (const { start, end } of textSlices(text, { sliceChars: 65_536 })) scan(text.slice(start, end));
 */
export function* textSlices(text: string, options: { readonly sliceChars: number; readonly overlapChars?: number }): Generator<TextSlice> {
  const sliceChars = Math.max(16, Math.floor(options.sliceChars));
  const overlapChars = options.overlapChars ?? 0;
  let start = 0;
  do {
    const end = start + sliceChars >= text.length ? text.length : cutAtOrBefore(text, start + sliceChars, start + (sliceChars >> 1));
    const scanEnd =
      overlapChars === 0
        ? end
        : end + overlapChars >= text.length
          ? text.length
          : cutAtOrAfter(text, end + overlapChars, end + 2 * overlapChars);
    yield { start, end, scanEnd: Math.max(scanEnd, end) };
    start = end;
  } while (start < text.length);
}
