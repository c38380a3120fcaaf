import { expect } from 'chai';
import {
  BudgetExceededError,
  CancelledError,
  CircuitOpenError,
  ConfigError,
  ContentBlockedError,
  DeadlineExceededError,
  ForbiddenError,
  InvalidInputError,
  LlmInvalidResponseError,
  LlmRateLimitedError,
  LlmRejectedError,
  LlmTimeoutError,
  LlmUnavailableError,
  MethodNotAllowedError,
  ModelNotFoundError,
  ModelNotReadyError,
  NotImplementedError,
  OverloadedError,
  PayloadTooLargeError,
  RateLimitedError,
  RouteNotFoundError,
  ServerNotReadyError,
  PredictorError,
  UnauthorizedError,
  type ErrorCode,
} from '../../predictor/errors.js';
import { DEFAULT_RETRY_AFTER_SECONDS, STATUS_BY_CODE, toHttpError } from '../../predictor/protocol/http-errors.js';

describe('toHttpError', () => {
  const table: ReadonlyArray<readonly [PredictorError, number]> = [
    [new InvalidInputError('bad'), 400],
    [new UnauthorizedError('who'), 401],
    [new ForbiddenError('no'), 403],
    [new ModelNotFoundError('m'), 404],
    [new RouteNotFoundError('no route'), 404],
    [new MethodNotAllowedError('no', ['GET']), 405],
    [new PayloadTooLargeError('big'), 413],
    [new ContentBlockedError('blocked'), 422],
    [new RateLimitedError('slow down'), 429],
    [new BudgetExceededError('spent'), 429],
    [new CancelledError('gone'), 499],
    [new NotImplementedError('no'), 501],
    [new LlmUnavailableError('down', 500), 502],
    [new LlmRejectedError('rejected', 400), 502],
    [new LlmInvalidResponseError('garbled'), 502],
    [new ModelNotReadyError('m'), 503],
    [new ServerNotReadyError('draining'), 503],
    [new LlmRateLimitedError('quota'), 503],
    [new CircuitOpenError('open'), 503],
    [new OverloadedError('full'), 503],
    [new LlmTimeoutError('slow'), 504],
    [new DeadlineExceededError('late'), 504],
  ];

  for (const [error, status] of table) {
    it(`maps ${error.code} to ${status} with the message as {"error": ...}`, () => {
      const mapped = toHttpError(error);
      expect(mapped.status).to.equal(status);
      expect(mapped.body).to.deep.equal({ error: error.message });
      expect(mapped.isExpected).to.equal(true);
    });
  }

  it('maps config_invalid to 500 without revealing the settings it lists', () => {
    const mapped = toHttpError(new ConfigError(['GEMINI_API_KEY is required']));
    expect(mapped.status).to.equal(500);
    expect(mapped.body).to.deep.equal({ error: 'internal error' });
  });

  it('maps anything that is not a PredictorError to a bare 500', () => {
    for (const thrown of [new Error('/srv/app/secret.ts: boom'), new TypeError('x is undefined'), 'a string', undefined]) {
      const mapped = toHttpError(thrown);
      expect(mapped).to.deep.include({ status: 500, isExpected: false });
      expect(mapped.body).to.deep.equal({ error: 'internal error' });
    }
  });

  it('asks for a Bearer token on 401', () => {
    expect(toHttpError(new UnauthorizedError('who')).headers).to.deep.equal({ 'WWW-Authenticate': 'Bearer' });
  });

  it('lists the allowed methods on 405', () => {
    expect(toHttpError(new MethodNotAllowedError('no', ['GET', 'HEAD'])).headers).to.deep.equal({ Allow: 'GET, HEAD' });
  });

  it('sets Retry-After (whole seconds, rounded up) on 429 and 503 when known', () => {
    expect(toHttpError(new OverloadedError('full', { retryAfterSeconds: 1.2 })).headers).to.deep.equal({ 'Retry-After': '2' });
    expect(toHttpError(new BudgetExceededError('spent', { retryAfterSeconds: 60 })).headers).to.deep.equal({ 'Retry-After': '60' });
  });

  it('sets a one-second Retry-After on every 429 and 503 whose error names no delay', () => {
    const codes = Object.entries(STATUS_BY_CODE).filter(([, status]) => status === 429 || status === 503);
    expect(codes.map(([code]) => code)).to.include.members([
      'rate_limited',
      'budget_exceeded',
      'server_not_ready',
      'model_not_ready',
      'llm_rate_limited',
      'circuit_open',
      'overloaded',
    ]);
    for (const [code, status] of codes) {
      class UndelayedError extends PredictorError {
        readonly code = code as ErrorCode;
      }
      const mapped = toHttpError(new UndelayedError(`${code} without a delay`));
      expect([code, mapped.status, mapped.headers['Retry-After']]).to.deep.equal([code, status, String(DEFAULT_RETRY_AFTER_SECONDS)]);
    }
  });

  it('sets Retry-After and RateLimit-* headers from a rate limit', () => {
    const error = new RateLimitedError('slow down', { retryAfterSeconds: 3, limit: { limit: 10, remaining: 0, resetSeconds: 2.5 } });
    expect(toHttpError(error).headers).to.deep.equal({
      'Retry-After': '3',
      'RateLimit-Limit': '10',
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': '3',
    });
  });

  it('sets Retry-After and RateLimit-* headers from a spent budget (micro-USD)', () => {
    const error = new BudgetExceededError('spent', {
      retryAfterSeconds: 3600,
      limit: { limit: 1_000_000, remaining: 250_000, resetSeconds: 3600 },
    });
    expect(toHttpError(error).headers).to.deep.equal({
      'Retry-After': '3600',
      'RateLimit-Limit': '1000000',
      'RateLimit-Remaining': '250000',
      'RateLimit-Reset': '3600',
    });
  });

  it('never sets Retry-After on statuses other than 429 and 503', () => {
    expect(toHttpError(new LlmTimeoutError('slow', { retryAfterSeconds: 5 })).headers).to.deep.equal({});
  });
});
