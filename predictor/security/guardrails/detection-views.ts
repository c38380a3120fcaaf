/**
 * @module security/guardrails/detection-views
 * Renders untrusted text into the forms the injection patterns are matched against, each
 * undoing one family of obfuscation: compatibility forms (full-width letters), invisible
 * characters, homoglyphs, leetspeak, spaced or dotted letters, punctuation between words,
 * base64 payloads and ROT13.
 */

/**
 * A rendering of the text. `plain` keeps every script and symbol; `latin` views fold
 * obfuscation into plain Latin words; `squashed` keeps only letters (defeats any spacing).
 */
export interface DetectionView {
  readonly kind: 'plain' | 'latin' | 'squashed';
  readonly text: string;
}

// Zero-width characters, bidi controls, variation selectors and the Unicode tag block ("ASCII smuggling").
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

// Cyrillic and Greek letters that render like Latin ones; folded only in the Latin views,
// so Russian or Greek text still matches its own-language patterns in the plain view.
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ɡ: 'g',
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
};
const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i', '|': 'l' };

// Enclosed and squared Latin letters (🅸🅶🅽) have no NFKC decomposition.
const ENCLOSED_LETTERS = /[\u{1F130}-\u{1F149}\u{1F150}-\u{1F169}\u{1F170}-\u{1F189}\u{1F1E6}-\u{1F1FF}]/gu;
const ENCLOSED_BLOCK_STARTS = [0x1f130, 0x1f150, 0x1f170, 0x1f1e6];

function foldEnclosed(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const start = ENCLOSED_BLOCK_STARTS.findLast((blockStart) => code >= blockStart) ?? code;
  return String.fromCharCode(97 + code - start);
}

/** NFKC, invisible characters removed, enclosed letters unboxed, lower case: the view most patterns use. */
export function plainView(text: string): string {
  return text.normalize('NFKC').replaceAll(INVISIBLE, '').replaceAll(ENCLOSED_LETTERS, foldEnclosed).toLowerCase();
}

/** Folds lookalike letters only inside words that mix Latin with Cyrillic/Greek, so real Russian or Greek stays intact. */
function foldMixedScriptWords(text: string): string {
  if (!/[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(text)) return text;
  return text.replaceAll(/\p{L}+/gu, (word) =>
    /\p{Script=Latin}/u.test(word) && /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(word)
      ? [...word].map((character) => HOMOGLYPHS[character] ?? character).join('')
      : word,
  );
}

function foldLatin(plain: string): string {
  let folded = foldMixedScriptWords(plain);
  // Leetspeak only inside words that also contain letters, so plain numbers stay numbers.
  if (/[013457@$!|]/.test(folded)) {
    folded = folded.replaceAll(/[\p{L}0-9@$!|]*\p{L}[\p{L}0-9@$!|]*/gu, (word) => word.replaceAll(/[013457@$!|]/g, (digit) => LEET[digit] ?? digit));
  }
  // "i g n o r e", "i.g.n.o.r.e", "I-G-N-O-R-E": single letters joined by separators.
  // A wider gap inside such a run is taken as the space between two words.
  folded = folded.replaceAll(/(?<![\p{L}])(?:\p{L}[\s.\-_*·]{1,3}){3,}\p{L}(?![\p{L}])/gu, (run) =>
    run.split(/\s{2,}/).map((word) => word.replaceAll(/[\s.\-_*·]/g, '')).join(' '),
  );
  return folded.replaceAll(/[^\p{L}\p{N}\s'<>|[\]#:/]+/gu, ' ').replaceAll(/\s+/g, ' ');
}

function rot13(text: string): string {
  let rotated = '';
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    rotated += code >= 97 && code <= 122 ? String.fromCharCode(((code - 84) % 26) + 97) : text[index];
  }
  return rotated;
}

/** Base64 runs that decode to mostly printable text (a payload smuggled past a reader). */
function decodedBase64(text: string): string[] {
  const decoded: string[] = [];
  for (const [run] of text.matchAll(/[A-Za-z0-9+/]{16,}={0,2}/g)) {
    const value = Buffer.from(run, 'base64').toString('utf8');
    const printable = value.replaceAll(/[^\x20-\x7E]/g, '').length;
    if (value.length >= 12 && printable / value.length > 0.9 && /[a-z]{3,}\s[a-z]{3,}/i.test(value)) decoded.push(value);
  }
  return decoded;
}

function latinViews(folded: string): DetectionView[] {
  return [
    { kind: 'latin', text: folded },
    { kind: 'squashed', text: folded.replaceAll(/[^\p{L}]/gu, '') },
  ];
}

/** Text hidden in Unicode tag characters (U+E0020..E007E shadow printable ASCII, invisibly). */
function decodedTags(text: string): string[] {
  const hidden = [...text.matchAll(/[\u{E0020}-\u{E007E}]+/gu)].map(([run]) =>
    [...run].map((character) => String.fromCharCode((character.codePointAt(0) ?? 0) - 0xe0000)).join(''),
  );
  return hidden.length > 0 ? [hidden.join(' ')] : [];
}

/** Every view of `text` worth matching; the first is the plain one. */
export function detectionViews(text: string): DetectionView[] {
  const plain = plainView(text);
  // Folding is the costly step (several regex passes): once, shared by the latin, ROT13 and reversed views.
  const folded = foldLatin(plain);
  const views: DetectionView[] = [{ kind: 'plain', text: plain }, ...latinViews(folded)];
  views.push({ kind: 'latin', text: rot13(folded) }, { kind: 'latin', text: [...folded].reverse().join('') });
  for (const decoded of [...decodedTags(text), ...decodedBase64(text.normalize('NFKC'))]) {
    const decodedPlain = plainView(decoded);
    views.push({ kind: 'plain', text: decodedPlain }, ...latinViews(foldLatin(decodedPlain)));
  }
  return views;
}
