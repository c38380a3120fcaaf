import { expect } from 'chai';
import { combineBatchStates, missingResultError } from '../../predictor/jobs/combine-batch-states.js';

describe('combineBatchStates', () => {
  it('is pending while every batch waits and running once any batch moved', () => {
    expect(combineBatchStates(['pending', 'pending'])).to.equal('pending');
    expect(combineBatchStates(['pending', 'running'])).to.equal('running');
    expect(combineBatchStates(['succeeded', 'pending'])).to.equal('running');
  });

  it('once all ended: cancelled, then succeeded, then failed, then expired', () => {
    expect(combineBatchStates(['succeeded', 'cancelled'])).to.equal('cancelled');
    expect(combineBatchStates(['succeeded', 'failed'])).to.equal('succeeded');
    expect(combineBatchStates(['expired', 'failed'])).to.equal('failed');
    expect(combineBatchStates(['expired'])).to.equal('expired');
  });
});

describe('missingResultError', () => {
  it('names how the other batches ended, or is undefined when all succeeded', () => {
    expect(missingResultError(['succeeded', 'succeeded'])).to.equal(undefined);
    expect(missingResultError(['succeeded', 'failed', 'expired'])).to.deep.equal({
      code: 'llm_unavailable',
      message: 'No result: the upstream batch holding this request ended as failed or expired',
    });
  });
});
