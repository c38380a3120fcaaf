/**
 * @module security/guardrails/pii-detector
 * Finds and redacts personal data in text before it leaves the process: emails (also
 * spoken, "name at domain dot com"), phone numbers, payment cards (Luhn-checked), national
 * ids (US SSN, UK NINO, Spanish DNI/NIE with check letter) and IBANs (mod-97 checked).
 * Findings carry kinds and positions, never logged text.
 */
import type { PiiKind } from '../../config/sections/security-config.js';
import { isIbanValid, isLuhnValid, isSpanishIdValid } from './pii-checksums.js';

export interface PiiMatch {
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
}

interface Candidate {
  readonly kind: PiiKind;
  readonly pattern: RegExp;
  /** Returns the matched length to keep (0 rejects), e.g. after a checksum. */
  readonly accept?: (match: string) => number;
}

const digitsOf = (text: string) => text.replaceAll(/\D/g, '');
const NOT_A_DOMAIN = new Set(['the', 'this', 'that', 'a', 'an', 'my', 'your', 'our', 'their', 'his', 'her', 'its']);

/** Accepts the longest prefix of a spaced IBAN candidate whose checksum holds (greedy matches eat trailing words). */
function acceptIban(match: string): number {
  for (let end = match.length; end >= 15; end--) {
    const candidate = match.slice(0, end);
    if (/\s$/.test(candidate)) continue;
    if (isIbanValid(candidate)) return end;
  }
  return 0;
}

// Order is priority: an email or IBAN wins over the phone-like digits inside it.
const CANDIDATES: readonly Candidate[] = [
  { kind: 'email', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g },
  {
    kind: 'email',
    pattern: /\b[a-z0-9._-]+\s+(?:at|\[at\]|\(at\))\s+([a-z0-9-]+)\s+(?:dot|\[dot\]|\(dot\))\s+(?:com|org|net|io|co|edu|gov|de|uk|fr|es|it|nl)\b/gi,
    accept: (match) => (NOT_A_DOMAIN.has((/\s(?:at|\[at\]|\(at\))\s+([a-z0-9-]+)/i.exec(match)?.[1] ?? '').toLowerCase()) ? 0 : match.length),
  },
  { kind: 'iban', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g, accept: acceptIban },
  {
    kind: 'card',
    pattern: /(?<![\d.,-])(?:\d[ -]?){12,18}\d(?![\d-])/g,
    accept: (match) => {
      const digits = digitsOf(match);
      return digits.length >= 13 && digits.length <= 19 && !/^(\d)\1+$/.test(digits) && isLuhnValid(digits) ? match.length : 0;
    },
  },
  { kind: 'national_id', pattern: /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g },
  { kind: 'national_id', pattern: /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g },
  { kind: 'national_id', pattern: /\b[XYZ]?\d{7,8}[A-Z]\b/g, accept: (match) => (isSpanishIdValid(match) ? match.length : 0) },
  {
    kind: 'phone',
    pattern: /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\d])/g,
    accept: (match) => (digitsOf(match).length >= 8 && digitsOf(match).length <= 15 ? match.length : 0),
  },
  { kind: 'phone', pattern: /(?<![\d\w]|\d )(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\d-])/g },
  {
    kind: 'phone',
    pattern: /(?<![\d\w.,]|\d )0\d{1,4}[ /-]\d{3,8}(?:[ -]\d{2,6})?(?![\d,-]|\.\d)/g,
    accept: (match) => (digitsOf(match).length >= 9 && digitsOf(match).length <= 12 ? match.length : 0),
  },
];

/** Finds non-overlapping PII of the given kinds, earliest first. */
export function detectPii(text: string, kinds: readonly PiiKind[]): PiiMatch[] {
  const found: PiiMatch[] = [];
  const overlaps = (start: number, end: number) => found.some((match) => start < match.end && match.start < end);
  for (const { kind, pattern, accept } of CANDIDATES) {
    if (!kinds.includes(kind)) continue;
    for (const match of text.matchAll(pattern)) {
      const length = accept ? accept(match[0]) : match[0].length;
      const start = match.index;
      if (length > 0 && !overlaps(start, start + length)) found.push({ kind, start, end: start + length });
    }
  }
  return found.sort((left, right) => left.start - right.start);
}

/** Placeholder that replaces a redacted value (`[EMAIL]`, `[CARD]`, ...). */
export function piiPlaceholder(kind: PiiKind): string {
  return `[${kind.toUpperCase()}]`;
}

/** Replaces every finding with its placeholder; returns the text and the findings. */
export function redactPii(text: string, kinds: readonly PiiKind[]): { readonly text: string; readonly matches: readonly PiiMatch[] } {
  const matches = detectPii(text, kinds);
  if (matches.length === 0) return { text, matches };
  let result = '';
  let cursor = 0;
  for (const match of matches) {
    result += text.slice(cursor, match.start) + piiPlaceholder(match.kind);
    cursor = match.end;
  }
  return { text: result + text.slice(cursor), matches };
}
