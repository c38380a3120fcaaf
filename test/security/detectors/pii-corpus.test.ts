/**
 * The PII detector against two corpora written for this project (test/fixtures/pii): 318
 * sentences of benign technical text (service names, versions, timestamps, prices, order and
 * ticket numbers that fail checksums, IP addresses, ISBNs, phone-like ids, product codes)
 * and 363 sentences with seeded PII in the spellings people use, several formats per kind.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { PII_KINDS } from '../../../predictor/config/sections/security-config.js';
import { redactPii } from '../../../predictor/security/detectors/pii-detector.js';

interface BenignItem {
  readonly id: string;
  readonly text: string;
}

interface PiiItem extends BenignItem {
  /** The values redaction must remove. */
  readonly pii: readonly string[];
}

const load = <T>(name: string): T[] => JSON.parse(readFileSync(new URL(`../../fixtures/pii/${name}`, import.meta.url), 'utf8')) as T[];
const percent = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)}%`;

describe('PII redaction on the corpora', () => {
  it('alters at most 1% of the benign technical items', () => {
    const benign = load<BenignItem>('benign-technical.json');
    const altered = benign.filter((item) => redactPii(item.text, PII_KINDS).text !== item.text).map((item) => item.id);
    console.log(`      benign technical corpus: ${altered.length} of ${benign.length} altered (${percent(altered.length, benign.length)})`);
    expect(benign.length).to.be.at.least(300);
    expect(altered.length / benign.length, `altered: ${altered.join(', ')}`).to.be.at.most(0.01);
  });

  it('removes every seeded value from at least 95% of the PII items', () => {
    const items = load<PiiItem>('detection.json');
    const missed = items.filter((item) => {
      const redacted = redactPii(item.text, PII_KINDS).text;
      return item.pii.some((value) => redacted.includes(value));
    });
    const detected = items.length - missed.length;
    console.log(
      `      detection corpus: ${detected} of ${items.length} redacted (${percent(detected, items.length)}); missed: ${missed.map((item) => item.id).join(', ') || 'none'}`,
    );
    expect(items.length).to.be.at.least(300);
    expect(detected / items.length, `missed: ${missed.map((item) => item.text).join(' | ')}`).to.be.at.least(0.95);
  });
});
