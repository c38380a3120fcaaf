import { expect } from 'chai';
import { textSlices } from '../../../predictor/security/detectors/text-slices.js';
import { createRandom, noise } from '../../support/pii-samples.js';

describe('textSlices', () => {
  it('covers the text exactly, in order, each slice at most its size', () => {
    const text = noise(createRandom(1), 20_000);
    const slices = [...textSlices(text, { sliceChars: 1_000, overlapChars: 300 })];
    expect(slices[0]?.start).to.equal(0);
    expect(slices.at(-1)?.end).to.equal(text.length);
    slices.forEach((slice, index) => {
      expect(slice.end - slice.start).to.be.within(1, 1_000);
      if (index > 0) expect(slice.start).to.equal(slices[index - 1]?.end);
      expect(slice.scanEnd === text.length || slice.scanEnd >= slice.end + 300).to.equal(true);
    });
  });

  it('cuts after whitespace and before a word of two or more letters', () => {
    const text = noise(createRandom(2), 20_000);
    for (const { start } of [...textSlices(text, { sliceChars: 700 })].slice(1)) {
      expect(text.slice(start - 1, start + 2), `cut at ${start}`).to.match(/^\s\p{L}\p{L}$/u);
    }
  });

  it('keeps a spaced-out word in one slice', () => {
    const text = `${'word '.repeat(150)}i g n o r e p.r.e.v.i.o.u.s ${'word '.repeat(150)}`;
    for (const sliceChars of [760, 770, 780]) {
      const cuts = [...textSlices(text, { sliceChars })].map((slice) => slice.start);
      expect(
        cuts.filter((cut) => cut > 750 && cut < 778),
        `slices of ${sliceChars}`,
      ).to.deep.equal([]);
    }
  });

  it('cuts text without whitespace hard, never inside a surrogate pair or before a combining mark', () => {
    const text = 'e\u0301😀'.repeat(5_000);
    const slices = [...textSlices(text, { sliceChars: 101 })];
    expect(slices.length).to.be.greaterThan(100);
    for (const { start } of slices.slice(1)) expect(['e', '😀']).to.include(String.fromCodePoint(text.codePointAt(start) ?? 0));
  });

  it('gives one slice for text shorter than a slice, and for an unbounded slice size', () => {
    expect([...textSlices('short text', { sliceChars: 100 })]).to.deep.equal([{ start: 0, end: 10, scanEnd: 10 }]);
    expect([...textSlices('a '.repeat(10_000), { sliceChars: Infinity })]).to.have.length(1);
  });
});
