/**
 * @module security/authentication-failure
 * An UnauthorizedError that also says why, in a bounded vocabulary for logs and tests. The
 * client sees only the message, which never distinguishes more than it must.
 */
import { UnauthorizedError, type PredictorErrorOptions } from '../errors.js';

export type AuthenticationFailureReason =
  | 'missing_credentials'
  | 'unknown_key'
  | 'revoked_key'
  | 'malformed_token'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'missing_subject'
  | 'invalid_subject'
  | 'key_source_unavailable';

/** Credentials were missing or rejected; `reason` is for logs, the message for the client. */
export class AuthenticationFailure extends UnauthorizedError {
  readonly reason: AuthenticationFailureReason;
  constructor(reason: AuthenticationFailureReason, message: string, options?: PredictorErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}
