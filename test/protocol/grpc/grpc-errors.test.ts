import { status as Status } from '@grpc/grpc-js';
import { expect } from 'chai';
import {
  BudgetExceededError,
  CancelledError,
  ConfigError,
  ContentBlockedError,
  DeadlineExceededError,
  ForbiddenError,
  InvalidInputError,
  LlmRejectedError,
  LlmTimeoutError,
  LlmUnavailableError,
  ModelNotFoundError,
  ModelNotReadyError,
  NotImplementedError,
  OverloadedError,
  PayloadTooLargeError,
  RateLimitedError,
  ServerNotReadyError,
  UnauthorizedError,
} from '../../../predictor/errors.js';
import { STATUS_BY_CODE } from '../../../predictor/protocol/http-errors.js';
import { GRPC_STATUS_BY_CODE, toGrpcError } from '../../../predictor/protocol/grpc/grpc-errors.js';
import { loadGrpcDefinitions } from '../../../predictor/protocol/grpc/load-grpc-definitions.js';

/** The RetryInfo delay in a `grpc-status-details-bin` value, decoded as a client would. */
function retryDelaySeconds(details: Buffer): number {
  const { statusType, retryInfoType } = loadGrpcDefinitions();
  const status = statusType.toObject(statusType.decode(details), { longs: Number }) as {
    details: { type_url: string; value: Uint8Array }[];
  };
  const [detail] = status.details;
  expect(detail?.type_url).to.equal('type.googleapis.com/google.rpc.RetryInfo');
  const info = retryInfoType.toObject(retryInfoType.decode(detail!.value), { longs: Number }) as { retry_delay: { seconds: number } };
  return info.retry_delay.seconds;
}

describe('toGrpcError', () => {
  const cases = [
    [new InvalidInputError('bad'), Status.INVALID_ARGUMENT],
    [new ContentBlockedError('blocked'), Status.INVALID_ARGUMENT],
    [new UnauthorizedError('who'), Status.UNAUTHENTICATED],
    [new ForbiddenError('no'), Status.PERMISSION_DENIED],
    [new ModelNotFoundError('m'), Status.NOT_FOUND],
    [new NotImplementedError('v2'), Status.UNIMPLEMENTED],
    [new PayloadTooLargeError('big'), Status.RESOURCE_EXHAUSTED],
    [new RateLimitedError('slow down', { retryAfterSeconds: 7 }), Status.RESOURCE_EXHAUSTED],
    [new BudgetExceededError('spent'), Status.RESOURCE_EXHAUSTED],
    [new ModelNotReadyError('m'), Status.UNAVAILABLE],
    [new ServerNotReadyError('draining'), Status.UNAVAILABLE],
    [new OverloadedError('full'), Status.UNAVAILABLE],
    [new LlmUnavailableError('upstream 503', 503), Status.UNAVAILABLE],
    [new LlmRejectedError('upstream 400', 400), Status.INTERNAL],
    [new LlmTimeoutError('slow upstream'), Status.DEADLINE_EXCEEDED],
    [new DeadlineExceededError('late'), Status.DEADLINE_EXCEEDED],
    [new CancelledError('gone'), Status.CANCELLED],
  ] as const;
  for (const [error, code] of cases) {
    it(`maps ${error.code} to ${Status[code]} with its message`, () => {
      const grpcError = toGrpcError(error);
      expect([grpcError.code, grpcError.details, grpcError.isExpected]).to.deep.equal([code, error.message, true]);
    });
  }

  it('maps every error code (the table is complete beside the HTTP one)', () => {
    expect(Object.keys(GRPC_STATUS_BY_CODE).sort()).to.deep.equal(Object.keys(STATUS_BY_CODE).sort());
  });

  it('answers anything that is not a PredictorError as INTERNAL "internal error", and a config error likewise', () => {
    const failure = toGrpcError(new TypeError('secret path /etc/x'));
    expect([failure.code, failure.details, failure.isExpected]).to.deep.equal([Status.INTERNAL, 'internal error', false]);
    expect(toGrpcError(new ConfigError(['GEMINI_API_KEY=abc is wrong'])).details).to.equal('internal error');
  });

  it('gives RESOURCE_EXHAUSTED and UNAVAILABLE retry advice: RetryInfo in grpc-status-details-bin and retry-after', () => {
    const limited = toGrpcError(new RateLimitedError('slow down', { retryAfterSeconds: 6.2 }));
    expect(limited.metadata?.get('retry-after')).to.deep.equal(['7']);
    expect(retryDelaySeconds(limited.metadata?.get('grpc-status-details-bin')[0] as Buffer)).to.equal(7);
    const draining = toGrpcError(new ServerNotReadyError('draining'));
    expect(retryDelaySeconds(draining.metadata?.get('grpc-status-details-bin')[0] as Buffer)).to.equal(1);
    expect(toGrpcError(new InvalidInputError('bad')).metadata?.getMap()).to.deep.equal({});
    expect(toGrpcError(new PayloadTooLargeError('big')).metadata?.getMap()).to.deep.equal({});
  });
});
