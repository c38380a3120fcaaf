import { ApiError } from '@google/genai';
import { expect } from 'chai';
import {
  CancelledError,
  DeadlineExceededError,
  LlmInvalidResponseError,
  LlmRejectedError,
  LlmTimeoutError,
  LlmUnavailableError,
} from '../../predictor/errors.js';
import { parseRpcStatus, retryAfterSecondsOf, toLlmError } from '../../predictor/llm/gemini-errors.js';

function apiError(status: number, body: unknown): ApiError {
  return new ApiError({ status, message: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('parseRpcStatus', () => {
  it('reads the plain, the Vertex array and the SSE error forms', () => {
    const status = { code: 503, status: 'UNAVAILABLE', message: 'm' };
    expect(parseRpcStatus(JSON.stringify({ error: status }))).to.deep.equal(status);
    expect(parseRpcStatus(JSON.stringify([{ error: status }]))).to.deep.equal(status);
    expect(parseRpcStatus(`got status: UNAVAILABLE. ${JSON.stringify({ error: status })}`)).to.deep.equal(status);
    expect(parseRpcStatus('<html>bad gateway</html>')).to.equal(undefined);
  });
});

describe('retryAfterSecondsOf', () => {
  it('reads fractional RetryInfo delays and ignores other details', () => {
    const details = [
      { '@type': 'type.googleapis.com/google.rpc.Help' },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' },
    ];
    expect(retryAfterSecondsOf({ details })).to.equal(1.5);
    expect(retryAfterSecondsOf({ details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: 'soon' }] })).to.equal(
      undefined,
    );
    expect(retryAfterSecondsOf(undefined)).to.equal(undefined);
  });
});

describe('toLlmError', () => {
  it('maps 408, 502 and 504 to LlmUnavailableError and 403, 404 to LlmRejectedError', () => {
    for (const status of [408, 502, 504]) {
      expect(toLlmError(apiError(status, { error: { code: status } }), 'm')).to.be.instanceOf(LlmUnavailableError);
    }
    const forbidden = toLlmError(apiError(403, { error: { code: 403, status: 'PERMISSION_DENIED' } }), 'm');
    expect(forbidden).to.be.instanceOf(LlmRejectedError);
    expect(forbidden.message).to.equal('Gemini m refused access (403: PERMISSION_DENIED)');
    expect(toLlmError(apiError(404, { error: { code: 404 } }), 'm').message).to.equal('Gemini m does not know the model or resource (404)');
  });

  it('treats a 501 (for example nock without a match) as a rejection, not an outage', () => {
    expect(toLlmError(apiError(501, { code: 'ERR_NOCK_NO_MATCH' }), 'm')).to.be.instanceOf(LlmRejectedError);
  });

  it('turns an abort without a caller abort into LlmTimeoutError', () => {
    const error = toLlmError(new DOMException('This operation was aborted', 'AbortError'), 'm', new AbortController().signal);
    expect(error).to.be.instanceOf(LlmTimeoutError);
  });

  it('keeps a PredictorError abort reason and maps a TimeoutError reason to LlmTimeoutError', () => {
    const deadline = new DeadlineExceededError('deadline');
    const byDeadline = new AbortController();
    byDeadline.abort(deadline);
    expect(toLlmError(new DOMException('aborted', 'AbortError'), 'm', byDeadline.signal)).to.equal(deadline);

    const byTimer = new AbortController();
    byTimer.abort(new DOMException('timed out', 'TimeoutError'));
    expect(toLlmError(new DOMException('aborted', 'AbortError'), 'm', byTimer.signal)).to.be.instanceOf(LlmTimeoutError);

    const byClient = new AbortController();
    byClient.abort();
    expect(toLlmError(new DOMException('aborted', 'AbortError'), 'm', byClient.signal)).to.be.instanceOf(CancelledError);
  });

  it('maps unreadable bodies to LlmInvalidResponseError and passes unknown errors through', () => {
    expect(toLlmError(new SyntaxError('Unexpected token <'), 'm')).to.be.instanceOf(LlmInvalidResponseError);
    expect(toLlmError(new Error('Incomplete JSON segment at the end'), 'm')).to.be.instanceOf(LlmInvalidResponseError);
    const bug = new Error('willContinue parameter is only supported in Gemini Developer API mode');
    expect(toLlmError(bug, 'm')).to.equal(bug);
    expect(toLlmError('weird', 'm')).to.be.instanceOf(Error);
  });

  it('never copies the upstream message into ours', () => {
    const error = toLlmError(apiError(400, { error: { code: 400, message: 'secret prompt words', status: 'INVALID_ARGUMENT' } }), 'm');
    expect(error.message).not.to.contain('secret');
  });
});
