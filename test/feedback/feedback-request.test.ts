import { expect } from 'chai';
import { validateFeedbackRequest } from '../../predictor/feedback/feedback-request.js';
import { InvalidInputError } from '../../predictor/errors.js';

function problem(body: unknown): string {
  try {
    validateFeedbackRequest(body);
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError);
    return (error as Error).message;
  }
  return expect.fail('expected the body to be rejected');
}

describe('validateFeedbackRequest', () => {
  it('accepts a full feedback body', () => {
    const body = {
      request_id: 'req-1',
      rating: 2,
      labels: ['wrong-timestamp', 'missed-claim'],
      comment: 'The second quote is from another speaker.',
      corrections: { insights: { notable_quotes: [] } },
      prompt_version: 'v2',
      agent: 'insights',
      episode_index: 0,
    };
    expect(validateFeedbackRequest(body)).to.equal(body);
  });

  it('names what is wrong', () => {
    expect(problem({ rating: 5 })).to.equal('feedback: request_id is required');
    expect(problem({ request_id: 'r', rating: 6 })).to.equal('feedback: rating must be <= 5');
    expect(problem({ request_id: 'r', rating: 4.5 })).to.equal('feedback: rating must be integer');
    expect(problem({ request_id: 'r', rating: 3, labels: ['Not A Slug'] })).to.match(/^feedback: labels\.0 must match pattern/);
    expect(problem({ request_id: 'r', rating: 3, extra: true })).to.equal('feedback: extra is not a known field');
    expect(problem({ request_id: 'r', rating: 3, corrections: { report: 'x' } })).to.equal(
      'feedback: corrections.report is not a known field',
    );
    expect(problem({ request_id: 'r', rating: 3, agent: 'judge' })).to.match(/^feedback: agent must be equal to one of the allowed values/);
    expect(problem({ request_id: 'has spaces', rating: 3 })).to.match(/^feedback: request_id must match pattern/);
    expect(problem([])).to.equal('feedback: body must be object');
  });
});
