/**
 * @module test/support/rejection-of
 * The error a promise rejects with; fails the test when it resolves instead.
 */
import type { PredictorError } from '../../predictor/errors.js';

export async function rejectionOf(promise: Promise<unknown>): Promise<PredictorError> {
  try {
    await promise;
  } catch (error) {
    return error as PredictorError;
  }
  throw new Error('expected a rejection');
}
