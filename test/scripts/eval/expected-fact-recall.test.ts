import { expect } from 'chai';
import { expectedFactRecall } from '../../../scripts/eval/expected-fact-recall.js';
import { sampleSubject } from '../../evaluation/support/subjects.js';

describe('expectedFactRecall', () => {
  it('counts a fact mentioned in other words but with its numbers', () => {
    const recall = expectedFactRecall(sampleSubject(), ['The Nile is about 6,650 kilometres long', 'Cities should protect river banks']);
    expect(recall.map((fact) => fact.isMentioned)).to.deep.equal([true, true]);
  });

  it('misses a fact whose number differs or that no statement covers', () => {
    const recall = expectedFactRecall(sampleSubject(), [
      'The Nile is about 7,000 kilometres long',
      'The Danube flows through ten countries',
    ]);
    expect(recall.map((fact) => fact.isMentioned)).to.deep.equal([false, false]);
  });

  it('finds nothing in a subject without outputs', () => {
    const recall = expectedFactRecall(sampleSubject({}, ['summary', 'insights', 'factCheck']), ['The Nile is long']);
    expect(recall).to.deep.equal([{ fact: 'The Nile is long', isMentioned: false }]);
  });
});
