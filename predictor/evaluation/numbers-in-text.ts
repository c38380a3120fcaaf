/**
 * @module evaluation/numbers-in-text
 * Numbers a text states, for the "numbers in claims occur in the transcript or a source"
 * check. Claims are read for digits only (`3,200`, `1.5`, `1977`); the material that may
 * support them is also read for English number words (`eight thousand` = 8000), since
 * speech transcripts spell numbers out while a model's claim writes digits.
 */

const TIMESTAMP = /\b\d{1,2}(?::\d{2}){1,2}\b/g;
const DIGITS = /\d+(?:[.,]\d+)*/g;
const SCALE_AFTER = /^\s*(hundred|thousand|million|billion|trillion)\b/i;

const UNITS: Readonly<Record<string, number>> = Object.fromEntries(
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'
    .split(' ')
    .map((word, index) => [word, index]),
);
const TENS: Readonly<Record<string, number>> = Object.fromEntries(
  'twenty thirty forty fifty sixty seventy eighty ninety'.split(' ').map((word, index) => [word, (index + 2) * 10]),
);
const SCALES: Readonly<Record<string, number>> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

/** `3,200` → 3200 (a comma before exactly three digits groups thousands), `2,5` → 2.5. */
function parseDigits(text: string): number {
  const grouped = text.replaceAll(/,(?=\d{3}(?:\D|$))/g, '');
  return Number(grouped.replace(',', '.'));
}

/** Numbers written with digits, ignoring clock-style timestamps; `3 million` also yields 3000000. */
export function digitNumbers(text: string): number[] {
  const withoutTimes = text.replaceAll(TIMESTAMP, ' ');
  const numbers: number[] = [];
  for (const match of withoutTimes.matchAll(DIGITS)) {
    const value = parseDigits(match[0]);
    if (!Number.isFinite(value)) continue;
    numbers.push(value);
    const scale = SCALE_AFTER.exec(withoutTimes.slice(match.index + match[0].length))?.[1]?.toLowerCase();
    if (scale !== undefined) numbers.push(value * (scale === 'hundred' ? 100 : (SCALES[scale] ?? 1)));
  }
  return numbers;
}

/** Numbers spelled out in English words (`twenty-five`, `one hundred and five`, `eight thousand`). */
export function wordNumbers(text: string): number[] {
  const numbers: number[] = [];
  let total = 0;
  let current = 0;
  let isInNumber = false;
  const flush = (): void => {
    if (isInNumber) numbers.push(total + current);
    total = 0;
    current = 0;
    isInNumber = false;
  };
  for (const token of text.toLowerCase().split(/[^a-z]+/)) {
    if (token in UNITS) current += UNITS[token]!;
    else if (token in TENS) current += TENS[token]!;
    else if (token === 'hundred') current = (current || 1) * 100;
    else if (token in SCALES) {
      total += (current || 1) * SCALES[token]!;
      current = 0;
    } else if (token === 'and' && isInNumber) continue;
    else {
      flush();
      continue;
    }
    isInNumber = true;
  }
  flush();
  return numbers;
}

/** Every number `text` states, in digits or words. */
export function statedNumbers(text: string): Set<number> {
  return new Set([...digitNumbers(text), ...wordNumbers(text)]);
}
