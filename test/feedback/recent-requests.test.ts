import { expect } from 'chai';
import { createRecentRequests } from '../../predictor/feedback/recent-requests.js';

describe('createRecentRequests', () => {
  it('remembers the prompt version under every id and forgets the oldest past its bound', () => {
    const recent = createRecentRequests({ maxEntries: 2 });
    recent.remember(['x-1', 'oip-1'], 'v2');
    expect(recent.promptVersionOf('oip-1')).to.equal('v2');
    recent.remember(['x-2'], 'v1');
    expect(recent.promptVersionOf('x-1')).to.equal(undefined);
    expect(recent.promptVersionOf('x-2')).to.equal('v1');
  });
});
