import { expect } from 'chai';
import { delegate } from '../../predictor/contract/delegate-model.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';

describe('delegate', () => {
  it('forwards every member to the wrapped model', async () => {
    const model = new FakePredictorModel({ name: 'm', version: '3', isReady: false });
    const forwarded = delegate(model);
    expect([forwarded.name, forwarded.version, forwarded.isReady()]).to.deep.equal(['m', '3', false]);
    await forwarded.load();
    expect(model.isReady()).to.equal(true);
    expect(forwarded.metadata()).to.deep.equal(model.metadata());
    expect(forwarded.estimateCost).to.equal(undefined);
  });
});
