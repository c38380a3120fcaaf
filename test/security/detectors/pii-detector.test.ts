import { expect } from 'chai';
import { PII_KINDS } from '../../../predictor/config/sections/security-config.js';
import { detectPii, PII_TEXT_SEPARATOR, redactPii, replaceMatches, scanPii } from '../../../predictor/security/detectors/pii-detector.js';
import { PII_PATTERNS } from '../../../predictor/security/detectors/pii-patterns.js';
import { createRandom, noise, PII_SAMPLERS } from '../../support/pii-samples.js';
import { loadCorpus, type PiiCase } from './guardrail-corpus.js';

describe('detectPii', () => {
  const cases = loadCorpus<PiiCase>('pii-cases.json');

  it('finds exactly the expected kinds in every PII case of the corpus', () => {
    const wrong = cases
      .map((entry) => ({ id: entry.id, found: detectPii(entry.text, PII_KINDS).map((match) => match.kind), expected: entry.expected }))
      .filter(({ found, expected }) => JSON.stringify(found) !== JSON.stringify(expected));
    expect(wrong).to.deep.equal([]);
    expect(cases.length).to.be.at.least(25);
  });

  it('finds no PII in the benign transcript corpus', () => {
    const benign = loadCorpus('benign-transcripts.json');
    expect(benign.filter((entry) => detectPii(entry.text, PII_KINDS).length > 0).map((entry) => entry.id)).to.deep.equal([]);
  });

  it('tells a Luhn-valid card from a Luhn-invalid one', () => {
    expect(detectPii('card 4111 1111 1111 1111', ['card'])).to.have.length(1);
    expect(detectPii('card 4111 1111 1111 1112', ['card'])).to.have.length(0);
  });

  it('tells an IBAN with a valid checksum from one without', () => {
    expect(detectPii('iban GB82 WEST 1234 5698 7654 32', ['iban'])).to.have.length(1);
    expect(detectPii('iban GB82 WEST 1234 5698 7654 33', ['iban'])).to.have.length(0);
  });

  it('only looks for the configured kinds', () => {
    expect(detectPii('jane@example.com, +44 20 7946 0958', ['phone']).map((match) => match.kind)).to.deep.equal(['phone']);
  });
});

describe('redactPii', () => {
  it('replaces each finding with a placeholder and keeps the rest', () => {
    const { text, matches } = redactPii('Mail jane@example.com or pay DE89 3704 0044 0532 0130 00 today.', PII_KINDS);
    expect(text).to.equal('Mail [EMAIL] or pay [IBAN] today.');
    expect(matches.map((match) => match.kind)).to.deep.equal(['email', 'iban']);
  });

  it('returns the text unchanged when there is nothing to redact', () => {
    expect(redactPii('nothing here', PII_KINDS).text).to.equal('nothing here');
  });
});

/** Seeded PII of every kind in `count` noisy sentences, with the values in order. */
function seededText(seed: number, count: number): { text: string; values: string[] } {
  const random = createRandom(seed);
  const samplers = Object.values(PII_SAMPLERS);
  const values: string[] = [];
  const sentences = Array.from({ length: count }, (_, index) => {
    const value = (samplers[(index + seed) % samplers.length] as (random: () => number) => string)(random);
    values.push(value);
    const [before, after] = [
      ['call', 'today'],
      ['it is', '.'],
      ['(', ')'],
      ['number:', ','],
      ['"', '"'],
      ['mail', 'thanks'],
    ][index % 6] as [string, string];
    return `${noise(random, 1 + (index % 7) * 9)}${before} ${value} ${after} `;
  });
  return { text: sentences.join(''), values };
}

describe('detectPii in slices', () => {
  it('finds exactly what one pass finds, wherever the slices fall', () => {
    for (const seed of [1, 2, 3]) {
      const { text } = seededText(seed, 400);
      const whole = detectPii(text, PII_KINDS, { sliceChars: Infinity });
      for (const sliceChars of [16, 97, 500, 1_021, 4_096])
        expect(detectPii(text, PII_KINDS, { sliceChars }), `seed ${seed}, slices of ${sliceChars}`).to.deep.equal(whole);
    }
  });

  it('finds what one pass finds in text without whitespace (hard cuts)', () => {
    const text = Array.from({ length: 3_000 }, (_, index) =>
      index % 3 === 0 ? 'jane.doe@example.com' : index % 3 === 1 ? 'DE89370400440532013000' : '4111-1111-1111-1111',
    ).join(';');
    const whole = detectPii(text, PII_KINDS, { sliceChars: Infinity });
    expect(whole).to.have.length(3_000);
    for (const sliceChars of [16, 333, 4_096]) expect(detectPii(text, PII_KINDS, { sliceChars })).to.deep.equal(whole);
  });

  it('never leaves a seeded value in the redacted text (seeded property, 8 × 300 values)', () => {
    for (let seed = 10; seed < 18; seed++) {
      const { text, values } = seededText(seed, 300);
      const redacted = replaceMatches(text, detectPii(text, PII_KINDS, { sliceChars: 777 + seed * 61 }));
      expect(
        values.filter((value) => redacted.includes(value)),
        `seed ${seed}`,
      ).to.deep.equal([]);
    }
  });
});

describe('detectPii on the largest, nastiest input', () => {
  it('finds 285,714 dense emails in 2 MB without throwing, and redaction has the expected length', () => {
    const text = 'a@b.co '.repeat(285_714);
    const matches = detectPii(text, PII_KINDS);
    expect(matches).to.have.length(285_714);
    expect(replaceMatches(text, matches)).to.have.length(285_714 * '[EMAIL] '.length);
  });

  it('reports work linear in the text and the matches (counted, not timed)', () => {
    const text = 'a@b.co +44 20 7946 0958 or 4111 1111 1111 1111 '.repeat(45_000);
    const scan = scanPii(text, PII_KINDS);
    let work = 0;
    let steps = 0;
    let step = scan.next();
    for (; !step.done; step = scan.next()) {
      work += step.value;
      steps++;
    }
    const matches = step.value;
    expect(matches).to.have.length(3 * 45_000);
    expect(steps).to.be.at.least(text.length / 16_384);
    // Each slice reads itself plus a bounded overlap; resolving overlaps merges each match
    // once per pattern that found any (three here).
    expect(work).to.be.at.most(text.length * 1.1 + 2 * 3 * matches.length);
  });

  const HOSTILE: Record<string, string> = {
    digits: '1'.repeat(2_000_000),
    'spaced digits': '1 '.repeat(1_000_000),
    'dashed digits': '1-'.repeat(1_000_000),
    'dotted letters': 'a.'.repeat(1_000_000),
    'at signs': '@'.repeat(2_000_000),
    'letters then at': `${'a'.repeat(1_999_990)}@example.com`,
    'at then dotted labels': `x@${'a.'.repeat(999_990)}`,
    'spoken-email tokens': 'x at y dot '.repeat(180_000),
    'plus and digits': '+1 (234) '.repeat(220_000),
    'IBAN-like groups': 'DE89 '.repeat(400_000),
    'uppercase codes': 'AB12 CD34 '.repeat(200_000),
    'base64-like': 'QUJDREVGR0g'.repeat(180_000),
  };

  for (const [name, text] of Object.entries(HOSTILE)) {
    it(`scans 2 MB of ${name} without throwing`, () => {
      const matches = detectPii(text, PII_KINDS);
      expect(matches.every((match) => match.start < match.end && match.end <= text.length)).to.equal(true);
      expect(matches.length).to.be.at.most(name === 'letters then at' ? 1 : 0);
    });
  }
});

describe('detectPii false positives in technical text', () => {
  it('does not take a digit run for a card unless it is grouped like one and starts like one', () => {
    expect(detectPii('ISBN 978-3-16-148410-0 and 978-0-306-40615-7', ['card'])).to.deep.equal([]);
    expect(detectPii('build 9400100000000000 shipped', ['card'])).to.deep.equal([]);
    expect(detectPii('ticket 4111-111111-11111-1', ['card'])).to.deep.equal([]);
    expect(detectPii('card 4111-1111-1111-1111', ['card'])).to.have.length(1);
  });

  it('does not take an id with a 0 or 1 area code for a North American number', () => {
    expect(detectPii('case 123-456-7890, ref 100-200-3000', ['phone'])).to.deep.equal([]);
    expect(detectPii('call 415-555-0132', ['phone'])).to.have.length(1);
  });

  it('checks an IBAN at its country length only, not at every length that happens to pass mod 97', () => {
    expect(detectPii('codes AB12 CD34 EF56 GH78 IJ90 KL12 and XX82 WEST 1234 5698 7654 32', ['iban'])).to.deep.equal([]);
    expect(detectPii('pay DE89 3704 0044 0532 0130 00 EUR today', ['iban']).map((match) => match.end - match.start)).to.deep.equal([27]);
  });

  it('does not take a hyphenated product code for a Spanish id', () => {
    expect(detectPii('SKU-12345678Z, part #12345678Z and 12345678Z-EU', ['national_id'])).to.deep.equal([]);
    expect(detectPii('Mi DNI es 12345678Z.', ['national_id'])).to.have.length(1);
  });

  it('does not take an image name for an email', () => {
    expect(detectPii('icon@2x.png and logo@3x.webp', ['email'])).to.deep.equal([]);
    expect(detectPii('write to ops@2x.io', ['email'])).to.have.length(1);
  });
});

describe('PII_TEXT_SEPARATOR', () => {
  it('keeps every PII pattern from reading across the separator', () => {
    for (const { pattern } of PII_PATTERNS) {
      // `.`, a negated class or \D/\S/\W could match a NUL; `^`/`$` or the s/m flags would read it differently.
      // Escapes that can match a NUL (\D, \S, \W, \0, \x00, \u0000, \u{0}, \c@, also as a class range's start) become §.
      const withoutEscapes = pattern.source.replaceAll(/\\(?:[DSW0]|x00|u0000|u\{0+\}|c@)/g, '§').replaceAll(/\\./g, '');
      const withoutClasses = withoutEscapes.replaceAll(/\[(?!\^)[^\]§]*\]/g, '');
      expect(pattern.source.includes('\u0000'), pattern.source).to.equal(false);
      expect(withoutClasses, pattern.source).not.to.match(/[.^$§[]/);
      expect(pattern.flags, pattern.source).not.to.match(/[sm]/);
    }
    expect(PII_TEXT_SEPARATOR).to.equal('\u0000');
  });
});
