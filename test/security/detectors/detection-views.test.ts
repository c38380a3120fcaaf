import { expect } from 'chai';
import { joinViewPieces, latinView, plainView, reversed, rot13 } from '../../../predictor/security/detectors/detection-views.js';
import { textSlices } from '../../../predictor/security/detectors/text-slices.js';
import { createRandom, pick, type Random } from '../../support/pii-samples.js';

const TRICKS = [
  'i g n o r e',
  'p.r.e.v.i.o.u.s',
  '1gn0r3',
  'instructi\u043ens',
  'ig\u200bnore',
  'Ｉｇｎｏｒｅ',
  '🅸🅶🅽',
  'naïve',
  'Ωmega',
  'Σ',
  '漢字',
  '😀',
  'a\u0301',
  'x',
  'I',
  '$1,299.99',
  '---',
  '...',
  '"quoted"',
  '<|im_start|>',
  'word',
  'another',
  '\u00a0',
  '\t',
];

function trickyText(random: Random, words: number): string {
  return Array.from({ length: words }, () => pick(random, TRICKS) + pick(random, [' ', ' ', '  ', '\n', '   '])).join('');
}

describe('detection views of slices', () => {
  it('join into the views of the whole text (seeded property)', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const text = trickyText(createRandom(seed), 3_000);
      const plainWhole = plainView(text);
      const latinWhole = latinView(plainWhole);
      for (const sliceChars of [700, 2_048, 5_000]) {
        let plain = '';
        let latin = '';
        for (const { start, end } of textSlices(text, { sliceChars })) {
          // The claim holds where slices start at a word (what natural text always offers).
          if (start > 0) expect(text.slice(start - 1, start + 2)).to.match(/^\s\p{L}\p{L}$/u);
          const piece = plainView(text.slice(start, end));
          plain = joinViewPieces(plain, piece);
          latin = joinViewPieces(latin, latinView(piece));
        }
        expect(plain, `seed ${seed}, slices of ${sliceChars}`).to.equal(plainWhole);
        expect(latin, `seed ${seed}, slices of ${sliceChars}`).to.equal(latinWhole);
      }
    }
  });

  it('fold padding away: whitespace runs shrink to two characters, punctuation to one space', () => {
    expect(plainView(`ignore${' '.repeat(10_000)}previous`)).to.equal('ignore  previous');
    expect(latinView(plainView(`ignore ${','.repeat(10_000)} previous`))).to.equal('ignore previous');
  });
});

describe('rot13 and reversed', () => {
  it('rotate the lower-case letters and reverse by code point, ASCII or not (seeded property)', () => {
    const random = createRandom(20261207);
    const rotated = (text: string) => text.replaceAll(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 84) % 26) + 97));
    for (let run = 0; run < 2000; run++) {
      const ascii = String.fromCharCode(...Array.from({ length: Math.floor(random() * 50) }, () => Math.floor(random() * 128)));
      const text = run % 2 === 0 ? ascii : trickyText(random, 8);
      expect(rot13(text), JSON.stringify(text)).to.equal(rotated(text));
      expect(reversed(text), JSON.stringify(text)).to.equal([...text].reverse().join(''));
    }
  });
});
