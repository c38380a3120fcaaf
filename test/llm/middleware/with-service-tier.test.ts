import { expect } from 'chai';
import { withServiceTier } from '../../../predictor/llm/middleware/with-service-tier.js';
import { wrapModel } from '../../../predictor/llm/wrap-model.js';
import { FakeLanguageModel, fakeResult } from '../../fakes/fake-language-model.js';

describe('withServiceTier', () => {
  it('sets the tier on requests without one and keeps an explicit choice', async () => {
    const inner = new FakeLanguageModel({ steps: [fakeResult('ok'), fakeResult('ok')] });
    const model = wrapModel({ model: inner, middleware: [withServiceTier({ serviceTier: 'provisioned' })] });
    await model.generate({ contents: ['a'] });
    await model.generate({ contents: ['b'], serviceTier: 'flex' });
    expect(inner.calls.map((call) => call.request.serviceTier)).to.deep.equal(['provisioned', 'flex']);
  });
});
