import { expect } from 'chai';
import { digitNumbers, statedNumbers, wordNumbers } from '../../predictor/evaluation/numbers-in-text.js';

describe('digitNumbers', () => {
  it('reads grouped thousands, decimals and years, and skips clock timestamps', () => {
    expect(digitNumbers('About 3,200 people, 1.5 times more, since 1977, at 00:12:34.')).to.deep.equal([3200, 1.5, 1977]);
  });

  it('adds the scaled value of "3 million"', () => {
    expect(digitNumbers('3 million listeners')).to.deep.equal([3, 3_000_000]);
  });
});

describe('wordNumbers', () => {
  it('reads spelled-out numbers with scales and "and"', () => {
    expect(wordNumbers('eight thousand metres, twenty-five boats and one hundred and five fish')).to.deep.equal([8000, 25, 105]);
  });

  it('finds nothing in text without number words', () => {
    expect(wordNumbers('The river runs to the sea.')).to.deep.equal([]);
  });
});

describe('statedNumbers', () => {
  it('joins digits and words', () => {
    expect([...statedNumbers('two of 6 colonies')].sort()).to.deep.equal([2, 6]);
  });
});
