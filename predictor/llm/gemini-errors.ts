/**
 * @module llm/gemini-errors
 * Turns whatever the SDK throws (ApiError, undici network TypeError, AbortError) into our
 * LlmError classes, retryable by status. Messages are ours; the SDK error (whose message is
 * the raw upstream JSON) is kept only as `cause` and never reaches a client.
 */
import { ApiError } from '@google/genai';
import {
  CancelledError,
  LlmInvalidResponseError,
  LlmRateLimitedError,
  LlmRejectedError,
  LlmTimeoutError,
  LlmUnavailableError,
  PredictorError,
} from '../errors.js';

/** The parts of a google.rpc.Status error body we use. */
interface RpcStatus {
  readonly status?: string;
  readonly details?: readonly { readonly '@type'?: string; readonly retryDelay?: string; readonly reason?: string }[];
}

/** Parses the google.rpc.Status out of an ApiError message (`{"error":…}`, `[{"error":…}]` or `got status: X. {…}`). */
export function parseRpcStatus(message: string): RpcStatus | undefined {
  const start = message.search(/[[{]/);
  if (start < 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(message.slice(start));
    const body = Array.isArray(parsed) ? parsed[0] : parsed;
    const error = (body as { error?: unknown } | undefined)?.error;
    return typeof error === 'object' && error !== null ? error : undefined;
  } catch {
    return undefined;
  }
}

/** Seconds from a protobuf Duration string such as "21s" or "0.5s". */
function durationSeconds(duration: string | undefined): number | undefined {
  const match = duration === undefined ? null : /^(\d+(?:\.\d+)?)s$/.exec(duration);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** RetryInfo.retryDelay of a 429/503 body, in seconds. */
export function retryAfterSecondsOf(status: RpcStatus | undefined): number | undefined {
  const retryInfo = status?.details?.find((detail) => detail['@type']?.endsWith('google.rpc.RetryInfo'));
  return durationSeconds(retryInfo?.retryDelay);
}

const UNAVAILABLE_WORDING: Readonly<Record<number, string>> = {
  408: 'timed out upstream',
  500: 'failed with an internal error',
  502: 'is unreachable through a gateway',
  503: 'is overloaded',
  504: 'exceeded its upstream deadline',
};

const REJECTED_WORDING: Readonly<Record<number, string>> = {
  401: 'refused the credentials',
  403: 'refused access',
  404: 'does not know the model or resource',
};

function fromApiError(error: ApiError, modelId: string): PredictorError {
  const { status } = error;
  const rpc = parseRpcStatus(error.message);
  const options = { cause: error, retryAfterSeconds: retryAfterSecondsOf(rpc) };
  const name = `Gemini ${modelId}`;
  if (status === 429) return new LlmRateLimitedError(`${name} is rate limited or out of quota (429)`, options);
  const unavailable = UNAVAILABLE_WORDING[status] ?? (status >= 500 && status !== 501 ? 'failed upstream' : undefined);
  if (unavailable !== undefined) return new LlmUnavailableError(`${name} ${unavailable} (${status})`, status, options);
  if (rpc?.details?.some((detail) => detail.reason === 'API_KEY_INVALID')) {
    return new LlmRejectedError(`${name} rejected the API key (${status})`, status, options);
  }
  const wording = REJECTED_WORDING[status] ?? 'rejected the request';
  const rpcCode = rpc?.status !== undefined && /^[A-Z_]+$/.test(rpc.status) ? `: ${rpc.status}` : '';
  return new LlmRejectedError(`${name} ${wording} (${status}${rpcCode})`, status, options);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

function fromAbort(error: unknown, modelId: string, signal: AbortSignal | undefined): PredictorError {
  if (signal?.aborted) {
    // A middleware that aborts with a PredictorError reason (deadline, timeout) decides the class.
    if (signal.reason instanceof PredictorError) return signal.reason;
    if (isAbort(signal.reason) && (signal.reason as Error).name === 'TimeoutError') {
      return new LlmTimeoutError(`Gemini ${modelId} call timed out`, { cause: error });
    }
    return new CancelledError(`Gemini ${modelId} call was cancelled`, { cause: error });
  }
  return new LlmTimeoutError(`Gemini ${modelId} call timed out`, { cause: error });
}

/**
 * Maps an error thrown by an SDK call to a PredictorError. `signal` is the caller's signal:
 * an abort it caused is a cancellation, any other abort a timeout. Errors that are not
 * recognisably upstream (SDK argument validation: our bug) are returned unchanged.
 */
export function toLlmError(error: unknown, modelId: string, signal?: AbortSignal): Error {
  if (error instanceof PredictorError) return error;
  if (error instanceof ApiError) return fromApiError(error, modelId);
  if (isAbort(error)) return fromAbort(error, modelId, signal);
  if (error instanceof TypeError && /fetch failed|network|terminated/i.test(error.message)) {
    return new LlmUnavailableError(`Gemini ${modelId} is unreachable (network error)`, undefined, { cause: error });
  }
  // The SDK parses the body itself: a non-JSON 200 or a torn SSE stream lands here.
  if (error instanceof SyntaxError || (error instanceof Error && /Incomplete JSON segment/.test(error.message))) {
    return new LlmInvalidResponseError(`Gemini ${modelId} sent an unreadable response`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}
