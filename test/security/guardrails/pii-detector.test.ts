import { expect } from 'chai';
import { PII_KINDS } from '../../../predictor/config/sections/security-config.js';
import { detectPii, redactPii } from '../../../predictor/security/guardrails/pii-detector.js';
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
