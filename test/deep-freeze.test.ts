import { expect } from 'chai';
import { deepFreeze, isFrozenPlainTree } from '../predictor/deep-freeze.js';
import { FACT_CHECK_SCHEMA, INSIGHTS_SCHEMA, SUMMARY_SCHEMA } from '../predictor/pipeline/agent-output-schemas.js';

describe('deepFreeze and isFrozenPlainTree', () => {
  it('freezes every object a value holds, and then calls it a frozen plain tree', () => {
    const value = deepFreeze({ a: [1, { b: 'x' }], c: { d: null } });
    expect(Object.isFrozen(value.a[1])).to.equal(true);
    expect(isFrozenPlainTree(value)).to.equal(true);
    expect(isFrozenPlainTree(deepFreeze([]))).to.equal(true);
  });

  it('refuses what could still serialise differently: unfrozen, frozen on top only, getters, toJSON, class instances', () => {
    expect(isFrozenPlainTree({ a: 1 })).to.equal(false);
    expect(isFrozenPlainTree(Object.freeze({ inner: { a: 1 } }))).to.equal(false);
    expect(
      isFrozenPlainTree(
        Object.freeze({
          get now() {
            return Date.now();
          },
        }),
      ),
    ).to.equal(false);
    expect(isFrozenPlainTree(deepFreeze({ toJSON: () => 'x' }))).to.equal(false);
    expect(isFrozenPlainTree(Object.freeze(new Date(0)))).to.equal(false);
    expect(isFrozenPlainTree(deepFreeze({ when: new Date(0) }))).to.equal(false);
    class Tuple extends Array<number> {}
    expect(isFrozenPlainTree(deepFreeze(Tuple.from([1, 2])))).to.equal(false);
  });

  it("holds the agents' response schemas frozen, so nothing can change them between calls", () => {
    for (const schema of [SUMMARY_SCHEMA, INSIGHTS_SCHEMA, FACT_CHECK_SCHEMA]) expect(isFrozenPlainTree(schema)).to.equal(true);
  });
});
