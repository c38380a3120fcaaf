/**
 * @module security/detectors/detection-views
 * Renders untrusted text into the forms the injection patterns are matched against, each
 * undoing one family of obfuscation: compatibility forms (full-width letters), invisible
 * characters, homoglyphs, leetspeak, spaced or dotted letters, punctuation between words,
 * padding, base64 payloads, Unicode tag characters and ROT13.
 *
 * Every rendering works token by token (nothing reaches across whitespace), so the views of
 * consecutive slices of a text, cut where a token starts, join into the views of the whole
 * text; and every regex here is linear (each starts at most once per run of characters).
 */

/**
 * A rendering of the text. `plain` keeps every script and symbol; `latin` views fold
 * obfuscation into plain Latin words; `squashed` keeps only letters (defeats any spacing).
 * `isTextStart` says the view begins where the text begins (patterns anchored with `^` apply).
 */
export interface DetectionView {
  readonly kind: 'plain' | 'latin' | 'squashed';
  readonly text: string;
  readonly isTextStart: boolean;
}

// Zero-width characters, bidi controls, variation selectors and the Unicode tag block ("ASCII smuggling").
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

// Cyrillic and Greek letters that render like Latin ones; folded only in the Latin views,
// so Russian or Greek text still matches its own-language patterns in the plain view.
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ɡ: 'g',
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
};
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
};

// Enclosed and squared Latin letters (🅸🅶🅽) have no NFKC decomposition.
const ENCLOSED_LETTERS = /[\u{1F130}-\u{1F149}\u{1F150}-\u{1F169}\u{1F170}-\u{1F189}\u{1F1E6}-\u{1F1FF}]/gu;
const ENCLOSED_BLOCK_STARTS = [0x1f130, 0x1f150, 0x1f170, 0x1f1e6];

function foldEnclosed(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const start = ENCLOSED_BLOCK_STARTS.findLast((blockStart) => code >= blockStart) ?? code;
  return String.fromCharCode(97 + code - start);
}

const NON_ASCII = /[\u0080-\uFFFF]/;

/** Whether `text` is all ASCII (then the Unicode classes below reduce to their ASCII members). */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/**
 * NFKC, invisible characters removed, enclosed letters unboxed, lower case, whitespace runs
 * cut to two characters (no pattern needs more, and padding cannot stretch a phrase): the
 * view most patterns use.
 */
export function plainView(text: string): string {
  // ASCII is its own NFKC form and holds no invisible or enclosed characters: the same result, without the Unicode passes.
  if (isAscii(text)) return text.toLowerCase().replaceAll(/(\s\s)\s+/g, '$1');
  return text
    .normalize('NFKC')
    .replaceAll(INVISIBLE, '')
    .replaceAll(ENCLOSED_LETTERS, foldEnclosed)
    .toLowerCase()
    .replaceAll(/(\s\s)\s+/g, '$1');
}

// A word (from its first letter) with a Cyrillic or Greek letter in it.
const NON_LATIN_WORD = /(?<!\p{L})\p{L}*?[\p{Script=Cyrillic}\p{Script=Greek}]\p{L}*/gu;

/** Folds lookalike letters only inside words that mix Latin with Cyrillic/Greek, so real Russian or Greek stays intact. */
function foldMixedScriptWords(text: string): string {
  if (!/[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(text)) return text;
  return text.replaceAll(NON_LATIN_WORD, (word) =>
    /\p{Script=Latin}/u.test(word) ? [...word].map((character) => HOMOGLYPHS[character] ?? character).join('') : word,
  );
}

// A whole run of letters and leet characters that holds a leet character, matched from the
// run's first character only (a run without one would come back unchanged, so it is not
// handed to the replacer at all); the backtracking to find it stays inside the run.
const LEET_RUN = /(?<![\p{L}0-9@$!|])[\p{L}0-9@$!|]*[013457@$!|][\p{L}0-9@$!|]*/gu;
const HAS_LETTER = /\p{L}/u;
// "i g n o r e", "i.g.n.o.r.e", "I-G-N-O-R-E": single letters joined by separators.
const SPACED_LETTERS = /(?<![\p{L}])(?:\p{L}[\s.\-_*·]{1,3}){3,}\p{L}(?![\p{L}])/gu;

/**
 * What the latin view keeps is letters, digits and `'<>|[]#:/`; every run of anything else
 * (punctuation and whitespace alike) becomes one space. A lone space is already that, so it is
 * not matched: a run of two or more, or one character that is not a space.
 */
const OTHER_RUN = /[^\p{L}\p{N}'<>|[\]#:/]{2,}|[^\p{L}\p{N}'<>|[\]#:/ ]/gu;
const ASCII_OTHER_RUN = /[^A-Za-z0-9'<>|[\]#:/]{2,}|[^A-Za-z0-9'<>|[\]#:/ ]/g;

/** The `latin` view of a plain view: leetspeak, lookalikes and spaced letters folded, punctuation to spaces. */
export function latinView(plain: string): string {
  if (isAscii(plain)) return asciiLatinView(plain);
  let folded = foldMixedScriptWords(plain);
  // Leetspeak only inside words that also contain letters, so plain numbers stay numbers.
  if (/[013457@$!|]/.test(folded)) {
    folded = folded.replaceAll(LEET_RUN, (run) =>
      HAS_LETTER.test(run) ? run.replaceAll(/[013457@$!|]/g, (digit) => LEET[digit] ?? digit) : run,
    );
  }
  // A wider gap inside a spaced run is taken as the space between two words.
  folded = folded.replaceAll(SPACED_LETTERS, (run) =>
    run
      .split(/\s{2,}/)
      .map((word) => word.replaceAll(/[\s.\-_*·]/g, ''))
      .join(' '),
  );
  return folded.replaceAll(OTHER_RUN, ' ');
}

// The regexes of `latinView` restricted to ASCII (\p{L} is [A-Za-z], \p{N} is [0-9], no Cyrillic, Greek or "·").
const ASCII_LEET_RUN = /(?<![A-Za-z0-9@$!|])[A-Za-z0-9@$!|]*[013457@$!|][A-Za-z0-9@$!|]*/g;
const ASCII_HAS_LETTER = /[A-Za-z]/;
const ASCII_SPACED_LETTERS = /(?<![A-Za-z])(?:[A-Za-z][\s.\-_*]{1,3}){3,}[A-Za-z](?![A-Za-z])/g;

/** `latinView` of an all-ASCII text: the same steps with byte-class regexes (no Unicode property lookups, no homoglyphs to fold). */
function asciiLatinView(plain: string): string {
  let folded = plain;
  if (/[013457@$!|]/.test(folded)) {
    folded = folded.replaceAll(ASCII_LEET_RUN, (run) =>
      ASCII_HAS_LETTER.test(run) ? run.replaceAll(/[013457@$!|]/g, (digit) => LEET[digit] ?? digit) : run,
    );
  }
  folded = folded.replaceAll(ASCII_SPACED_LETTERS, (run) =>
    run
      .split(/\s{2,}/)
      .map((word) => word.replaceAll(/[\s.\-_*]/g, ''))
      .join(' '),
  );
  return folded.replaceAll(ASCII_OTHER_RUN, ' ');
}

/**
 * Appends the view of the next slice to the view so far (or its carried tail). Views of
 * slices cut where a token starts join into the view of the whole text: the only seam is
 * a whitespace run split by the cut, which stays one run.
 */
export function joinViewPieces(before: string, piece: string): string {
  if (before === '') return piece;
  return /\s$/.test(before) ? before + piece.replace(/^\s+/, '') : before + piece;
}

const UTF16 = new TextDecoder('utf-16le');

/** A string from UTF-16 code units (a lone surrogate becomes U+FFFD, which no pattern matches either way). */
function fromCodeUnits(units: Uint16Array): string {
  return UTF16.decode(units);
}

/** ROT13 of the lower-case letters (the latin view has no others). */
export function rot13(text: string): string {
  if (isAscii(text)) {
    // One byte per character: rotated in a buffer, with no string built per character.
    const bytes = Buffer.from(text, 'latin1');
    for (let index = 0; index < bytes.length; index++) {
      const code = bytes[index] as number;
      if (code >= 97 && code <= 122) bytes[index] = ((code - 84) % 26) + 97;
    }
    return bytes.toString('latin1');
  }
  const units = new Uint16Array(text.length);
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    units[index] = code >= 97 && code <= 122 ? ((code - 84) % 26) + 97 : code;
  }
  return fromCodeUnits(units);
}

/** `text` backwards by code point (a surrogate pair stays in order). */
export function reversed(text: string): string {
  // ASCII has no surrogate pairs: its bytes reversed are its code points reversed.
  if (isAscii(text)) return Buffer.from(text, 'latin1').reverse().toString('latin1');
  const units = new Uint16Array(text.length);
  let to = 0;
  for (let from = text.length - 1; from >= 0; from--) {
    const code = text.charCodeAt(from);
    const high = from > 0 ? text.charCodeAt(from - 1) : 0;
    if (code >= 0xdc00 && code <= 0xdfff && high >= 0xd800 && high <= 0xdbff) {
      units[to++] = high;
      from--;
    }
    units[to++] = code;
  }
  return fromCodeUnits(units);
}

/** Where a window lies in its text, and whether the text is a decoded payload (which gets no ROT13 or reversed view). */
export interface WindowPlace {
  readonly isTextStart: boolean;
  readonly isTextEnd: boolean;
  readonly isPayload: boolean;
}

/** The `squashed` view of a latin view: letters only. */
export function squashedView(latin: string): string {
  return isAscii(latin) ? latin.replaceAll(/[^A-Za-z]/g, '') : latin.replaceAll(/[^\p{L}]/gu, '');
}

/**
 * The views to match in one window of a text: plain, latin, squashed, and for the text itself
 * the ROT13 and reversed latin views (kind `latin`; the reversed view starts where the window ends).
 */
export function windowViews(plain: string, latin: string, place: WindowPlace): DetectionView[] {
  const { isTextStart } = place;
  const views: DetectionView[] = [
    { kind: 'plain', text: plain, isTextStart },
    { kind: 'latin', text: latin, isTextStart },
    { kind: 'squashed', text: squashedView(latin), isTextStart },
  ];
  if (!place.isPayload)
    views.push({ kind: 'latin', text: rot13(latin), isTextStart }, { kind: 'latin', text: reversed(latin), isTextStart: place.isTextEnd });
  return views;
}

// From the first character of a run only (a shorter run is not retried at each of its characters).
const BASE64_RUN = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{16,}={0,2}/g;

/** Base64 runs in `text` (NFKC applied) that decode to mostly printable text with words: a payload smuggled past a reader. */
export function decodedBase64(text: string): string[] {
  const decoded: string[] = [];
  for (const [run] of (isAscii(text) ? text : text.normalize('NFKC')).matchAll(BASE64_RUN)) {
    const value = Buffer.from(run, 'base64').toString('utf8');
    const printable = value.replaceAll(/[^\x20-\x7E]/g, '').length;
    // Two words of three letters: {3} rather than {3,}, so a long run of letters is not retried from every position.
    if (value.length >= 12 && printable / value.length > 0.9 && /[a-z]{3}\s[a-z]{3}/i.test(value)) decoded.push(value);
  }
  return decoded;
}

/** Runs of Unicode tag characters (U+E0020..E007E shadow printable ASCII, invisibly), decoded. */
export function decodedTags(text: string): string[] {
  if (isAscii(text)) return [];
  return Array.from(text.matchAll(/[\u{E0020}-\u{E007E}]+/gu), ([run]) => {
    const units = new Uint16Array(run.length >> 1);
    for (let index = 0; index < units.length; index++) units[index] = (run.codePointAt(index * 2) ?? 0xe0000) - 0xe0000;
    return fromCodeUnits(units);
  });
}
