import { expect } from 'chai';
import { flattenTensorData } from '../../predictor/protocol/flatten-tensor-data.js';

describe('flattenTensorData', () => {
  it('returns flat data as it is', () => {
    const data = [1, 2, 3];
    expect(flattenTensorData(data)).to.equal(data);
  });

  it('flattens nested arrays in row-major order', () => {
    expect(flattenTensorData([[1, [2, 3]], [], [[4]], 5])).to.deep.equal([1, 2, 3, 4, 5]);
  });

  it('survives nesting deeper than the call stack', () => {
    let nested: unknown[] = [7];
    for (let depth = 0; depth < 100000; depth += 1) nested = [nested];
    expect(flattenTensorData(nested)).to.deep.equal([7]);
  });
});
