/**
 * @module security/detectors/pii-patterns
 * The candidate patterns of the PII detector, in priority order, each with the check that
 * turns "looks like" into "is" (checksums, issuer prefixes, digit grouping, country lengths).
 *
 * Every pattern runs in time linear in the text it scans: each one starts with a literal or a
 * character that rules out most positions, and its quantifiers are bounded or run over
 * character classes that cannot be split two ways, so a failed attempt costs a bounded number
 * of steps. Every match is at most `MAX_PII_MATCH_CHARS` long and looks at most
 * `MAX_PII_LOOKBEHIND_CHARS` behind its anchor, which is what lets the detector scan a long
 * text in overlapping slices and get the matches of the whole.
 */
import type { PiiKind } from '../../config/sections/security-config.js';
import { IBAN_LENGTHS, isIbanValid, isLuhnValid, isSpanishIdValid } from './pii-checksums.js';

/** Where the PII lies, relative to the regex match's index; undefined rejects the match. */
export type PiiSpan = readonly [startOffset: number, endOffset: number];

export interface PiiPattern {
  readonly kind: PiiKind;
  /** Global regex; matches of one pattern never overlap. */
  readonly pattern: RegExp;
  readonly accept?: (match: RegExpExecArray) => PiiSpan | undefined;
}

/** Longest match (email: 64 local + 1 + 8 labels of 64 + a 24-letter TLD); slices overlap by more. */
export const MAX_PII_MATCH_CHARS = 640;
/** Farthest a pattern reads behind its match index (an email's 64-character local part, a spoken one's "name at"). */
export const MAX_PII_LOOKBEHIND_CHARS = 80;

const NOT_A_DOMAIN = new Set(['the', 'this', 'that', 'a', 'an', 'my', 'your', 'our', 'their', 'his', 'her', 'its']);

const digitsOf = (text: string) => text.replaceAll(/\D/g, '');

/** Card digits as people write them: no separators, or one kind of separator between groups of 4 (Amex 4-6-5, Diners 4-6-4). */
function isCardGrouping(match: string): boolean {
  const hasSpace = match.includes(' ');
  const hasDash = match.includes('-');
  if (!hasSpace && !hasDash) return true;
  if (hasSpace && hasDash) return false;
  const groups = match.split(hasSpace ? ' ' : '-').map((group) => group.length);
  const shape = groups.join('-');
  if (shape === '4-6-5' || shape === '4-6-4') return true;
  const last = groups.at(-1) ?? 0;
  return groups.slice(0, -1).every((length) => length === 4) && last >= 1 && last <= 4;
}

function acceptCard(match: RegExpExecArray): PiiSpan | undefined {
  const digits = digitsOf(match[0]);
  // Issuer prefixes 2-6 (Mastercard 2/5, Amex/Diners/JCB 3, Visa 4, Discover/UnionPay 6).
  const isCard =
    digits.length >= 13 &&
    digits.length <= 19 &&
    /^[2-6]/.test(digits) &&
    !/^(\d)\1+$/.test(digits) &&
    isCardGrouping(match[0]) &&
    isLuhnValid(digits);
  return isCard ? [0, match[0].length] : undefined;
}

/**
 * The IBAN at the start of a candidate: exactly its country's length (greedy candidates eat
 * trailing words), ending at a space or the candidate's end, with a valid mod-97 checksum.
 */
function acceptIban(match: RegExpExecArray): PiiSpan | undefined {
  const candidate = match[0];
  const length = IBAN_LENGTHS[candidate.slice(0, 2)];
  if (length === undefined) return undefined;
  let seen = 0;
  let end = 0;
  while (end < candidate.length && seen < length) if (candidate[end++] !== ' ') seen++;
  if (seen < length || (end < candidate.length && candidate[end] !== ' ')) return undefined;
  return isIbanValid(candidate.slice(0, end)) ? [0, end] : undefined;
}

function acceptNationalPhone(match: RegExpExecArray): PiiSpan | undefined {
  const digits = digitsOf(match[0]).length;
  return digits >= 9 && digits <= 12 ? [0, match[0].length] : undefined;
}

// Order is priority: an email or IBAN wins over the phone-like digits inside it.
export const PII_PATTERNS: readonly PiiPattern[] = [
  {
    // Anchored on "@": the local part is read backwards by the lookbehind (at most 64 characters, the RFC limit).
    kind: 'email',
    // File extensions are not top-level domains ("icon@2x.png" is an image) and "git@host:path" is a remote.
    pattern:
      /@(?<=([A-Za-z0-9._%+-]{1,64})@)(?:[A-Za-z0-9-]{1,63}\.){1,8}(?!(?:png|jpe?g|gif|svg|webp|bmp|ico|css|m?js|cjs|jsx|tsx?|json|ya?ml|txt|pdf|html?|xml|csv|zip|gz|tar|mp[34]|wav|lock|log)\b)[A-Za-z]{2,24}\b(?!:[\w~/])/g,
    accept: (match) => [-(match[1]?.length ?? 0), match[0].length],
  },
  {
    // "name at domain dot com", anchored on the "at".
    kind: 'email',
    pattern:
      /(?:\bat|\[at\]|\(at\))(?<=([a-z0-9._-]{1,64}\s{1,3})(?:at|\[at\]|\(at\)))\s{1,3}([a-z0-9-]{1,63})\s{1,3}(?:dot|\[dot\]|\(dot\))\s{1,3}(?:com|org|net|io|co|edu|gov|de|uk|fr|es|it|nl)\b/gi,
    accept: (match) => (NOT_A_DOMAIN.has((match[2] ?? '').toLowerCase()) ? undefined : [-(match[1]?.length ?? 0), match[0].length]),
  },
  { kind: 'iban', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g, accept: acceptIban },
  // Not from the middle of a run of digit groups: "DE89 3704 0044 0532 0130 01" holds no card.
  { kind: 'card', pattern: /(?<![\d.,-]|\d[ -])(?:\d[ -]?){12,18}\d(?![\d-])/g, accept: acceptCard },
  { kind: 'national_id', pattern: /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g },
  { kind: 'national_id', pattern: /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g },
  {
    // A standalone token: "SKU-12345678Z" or "#X1234567L" is a product code, not a DNI/NIE.
    kind: 'national_id',
    pattern: /(?<![\w#/-])[XYZ]?\d{7,8}[A-Z](?![\w/-])/g,
    // All one digit ("11111111H") is the placeholder forms and examples use.
    accept: (match) => (isSpanishIdValid(match[0]) && !/(\d)\1{6}/.test(match[0]) ? [0, match[0].length] : undefined),
  },
  // International: "+", a country code (never 0), then 8-15 digits in all with spaces, dots, dashes or brackets between.
  { kind: 'phone', pattern: /(?<![\w+])\+[1-9](?:[ .()-]{0,2}\d){7,14}(?!\d)/g },
  // North American: the area code starts with 2-9 (so "123-456-7890" is an id, not a number).
  { kind: 'phone', pattern: /(?<![\w.]|\d )(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .-])\d{3}[ .-]\d{4}(?![\d-]|\.\d)/g },
  // National with a trunk 0 and an area code that does not start with 0: "030 1234 5678", "(02) 9876 5432".
  {
    kind: 'phone',
    pattern: /(?<![\w.,]|\d )(?:\(0[1-9]\d{0,3}\) ?|0[1-9]\d{0,3}[ /-])\d{3,8}(?:[ -]\d{2,6})?(?![\d-]|[.,]\d)/g,
    accept: acceptNationalPhone,
  },
  // French national: ten digits in pairs, "06 12 34 56 78" or "01.23.45.67.89".
  { kind: 'phone', pattern: /(?<![\w.,]|\d )0[1-9]([ .])\d{2}(?:\1\d{2}){3}(?![\d-]|[.,]\d)/g },
];
