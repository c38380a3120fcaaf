/**
 * @module test/support/pii-samples
 * Seeded generators of valid personal data in the spellings people use (checksums computed,
 * not copied: cards pass Luhn, IBANs mod-97, DNIs their check letter) and of noise to bury
 * them in. Deterministic per seed, so a failing property case replays from its seed.
 */
import { createRandom, integer, pick, type Random } from '../pipeline/support/adversarial-episodes.js';

export { createRandom, pick, type Random };

const digits = (random: Random, count: number) => Array.from({ length: count }, () => integer(random, 0, 9)).join('');
const letters = (random: Random, count: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') =>
  Array.from({ length: count }, () => pick(random, [...alphabet])).join('');

/** Groups `text` by `sizes` (the last size repeats), joined by `separator`. */
function grouped(text: string, sizes: readonly number[], separator: string): string {
  const groups: string[] = [];
  let offset = 0;
  for (let index = 0; offset < text.length; index++) {
    const size = sizes[Math.min(index, sizes.length - 1)] as number;
    groups.push(text.slice(offset, offset + size));
    offset += size;
  }
  return groups.join(separator);
}

const FIRST = ['jane', 'omar', 'li', 'dana', 'sam', 'priya', 'lukas', 'ana', 'kwame', 'mei', 'jose', 'ivan'];
const LAST = ['doe', 'reyes', 'okafor', 'chen', 'novak', 'silva', 'schmidt', 'tanaka', 'haddad', 'kowalski'];
const DOMAINS = ['example.com', 'mail.example.org', 'example.co.uk', 'corp.example.net', 'example.io', 'uni.example.edu', 'example.de'];

export function email(random: Random): string {
  const first = pick(random, FIRST);
  const last = pick(random, LAST);
  const local = pick(random, [
    first,
    `${first}.${last}`,
    `${first}_${last}`,
    `${first}${integer(random, 1, 99)}`,
    `${first}+news`,
    `${first[0]}.${last}`,
  ]);
  return `${integer(random, 0, 3) === 0 ? local.toUpperCase() : local}@${pick(random, DOMAINS)}`;
}

export function spokenEmail(random: Random): string {
  const domain = pick(random, ['example', 'mailbox', 'podmail', 'studio']);
  const tld = pick(random, ['com', 'org', 'net', 'io', 'de', 'uk']);
  return pick(random, [
    `${pick(random, FIRST)} at ${domain} dot ${tld}`,
    `${pick(random, FIRST)}.${pick(random, LAST)} [at] ${domain} [dot] ${tld}`,
    `${pick(random, FIRST)} (at) ${domain} (dot) ${tld}`,
  ]);
}

export function phone(random: Random): string {
  switch (integer(random, 0, 5)) {
    case 0:
      return `+44 20 ${integer(random, 7000, 8999)} ${digits(random, 4)}`;
    case 1:
      return `(${integer(random, 201, 989)}) ${integer(random, 200, 999)}-${digits(random, 4)}`;
    case 2:
      return `+1 ${integer(random, 201, 989)} ${integer(random, 200, 999)} ${digits(random, 4)}`;
    case 3:
      return `0${integer(random, 30, 89)} ${digits(random, 4)} ${digits(random, 4)}`;
    case 4:
      return `+49 ${integer(random, 30, 89)} ${digits(random, 8)}`;
    default:
      return `${integer(random, 201, 989)}.${integer(random, 200, 999)}.${digits(random, 4)}`;
  }
}

/** Appends the Luhn check digit to `body`. */
function withLuhnDigit(body: string): string {
  let sum = 0;
  for (let index = 0; index < body.length; index++) {
    let digit = body.charCodeAt(body.length - 1 - index) - 48;
    if (index % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return body + String((10 - (sum % 10)) % 10);
}

export function card(random: Random): string {
  const [prefix, length, sizes] = pick(random, [
    ['4', 16, [4]],
    ['4', 13, [4]],
    [String(integer(random, 51, 55)), 16, [4]],
    [String(integer(random, 2221, 2720)), 16, [4]],
    [pick(random, ['34', '37']), 15, [4, 6, 5]],
    ['6011', 16, [4]],
    ['35', 16, [4]],
    ['36', 14, [4, 6, 4]],
    ['4', 19, [4]],
  ] as const);
  const number = withLuhnDigit(prefix + digits(random, length - prefix.length - 1));
  return pick(random, [number, grouped(number, sizes, ' '), grouped(number, sizes, '-')]);
}

const BBAN_SHAPES: Readonly<Record<string, (random: Random) => string>> = {
  DE: (random) => digits(random, 18),
  GB: (random) => letters(random, 4) + digits(random, 14),
  FR: (random) => digits(random, 10) + letters(random, 11, '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ') + digits(random, 2),
  ES: (random) => digits(random, 20),
  IT: (random) => letters(random, 1) + digits(random, 10) + letters(random, 12, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
  NL: (random) => letters(random, 4) + digits(random, 10),
  BE: (random) => digits(random, 12),
  CH: (random) => digits(random, 5) + letters(random, 12, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
  PL: (random) => digits(random, 24),
  NO: (random) => digits(random, 11),
};

/** ISO 13616 check digits: 98 minus the remainder of BBAN + country + "00". */
function ibanCheckDigits(country: string, bban: string): string {
  let remainder = 0;
  for (const character of bban + country + '00') {
    const code = character.charCodeAt(0);
    remainder = code >= 65 ? (remainder * 100 + code - 55) % 97 : (remainder * 10 + code - 48) % 97;
  }
  return String(98 - remainder).padStart(2, '0');
}

export function iban(random: Random): string {
  const country = pick(random, Object.keys(BBAN_SHAPES));
  const bban = (BBAN_SHAPES[country] as (random: Random) => string)(random);
  const compact = country + ibanCheckDigits(country, bban) + bban;
  return pick(random, [compact, grouped(compact, [4], ' ')]);
}

export function ssn(random: Random): string {
  let area = integer(random, 1, 899);
  if (area === 666) area = 665;
  return `${String(area).padStart(3, '0')}-${String(integer(random, 1, 99)).padStart(2, '0')}-${String(integer(random, 1, 9999)).padStart(4, '0')}`;
}

export function nino(random: Random): string {
  let prefix = letters(random, 1, 'ABCEGHJKLMNOPRSTWXYZ') + letters(random, 1, 'ABCEGHJKLMNPRSTWXYZ');
  if (['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(prefix)) prefix = 'AB';
  const number = digits(random, 6);
  const suffix = letters(random, 1, 'ABCD');
  return pick(random, [`${prefix}${number}${suffix}`, `${prefix} ${grouped(number, [2], ' ')} ${suffix}`]);
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

export function spanishId(random: Random): string {
  if (integer(random, 0, 2) === 0) {
    const prefix = integer(random, 0, 2);
    const number = digits(random, 7);
    return `${'XYZ'[prefix]}${number}${DNI_LETTERS[Number(`${prefix}${number}`) % 23]}`;
  }
  const number = digits(random, 8);
  return `${number}${DNI_LETTERS[Number(number) % 23]}`;
}

export const PII_SAMPLERS = { email, spokenEmail, phone, card, iban, ssn, nino, spanishId } as const;

const NOISE = [
  'the',
  'show',
  'we',
  'talked',
  'about',
  'grid',
  'batteries',
  'v24.21.0',
  '00:12:34',
  '12.5%',
  '$1,299.99',
  'S3',
  'EKS',
  'GPT-4o',
  '2026-12-04T10:00:00Z',
  'release',
  '1.2.3',
  'order',
  '#A-10293',
  'and',
  'then',
  'it',
  'was',
  'late',
  'x',
  'I',
  'a',
  'b',
  'c',
  'Ωmega',
  'naïve',
  '漢字',
  '😀',
  '...',
  '-',
  '—',
  '(see',
  'notes)',
  'ok,',
  'well:',
  '2019',
  '1,000',
  '404',
];

/** `count` words of ordinary and technical noise, separated by single or double spaces and line breaks. */
export function noise(random: Random, count: number): string {
  return Array.from({ length: count }, () => pick(random, NOISE) + pick(random, [' ', ' ', ' ', '  ', '\n'])).join('');
}
