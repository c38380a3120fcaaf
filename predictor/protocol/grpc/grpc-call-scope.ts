/**
 * @module protocol/grpc/grpc-call-scope
 * What REST's request-id and request-context middleware give a request, for a gRPC call: an
 * id (a sane `x-request-id` metadata value, else a generated one), a deadline (the client's
 * gRPC deadline when sooner than `requestTimeoutMs`), a W3C `traceparent`, and an AbortSignal
 * that aborts when the client cancels, the deadline passes or shutdown gives up. The call is
 * registered with the same in-flight tracker as REST requests until `close()`.
 */
import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type { Deadline, Metadata } from '@grpc/grpc-js';
import type { RequestContext } from '../../contract/request-context.js';
import { CancelledError, DeadlineExceededError } from '../../errors.js';
import type { InFlightRequests } from '../in-flight-requests.js';
import { VALID_REQUEST_ID } from '../middleware/request-id.js';
import { validTraceparent } from '../traceparent.js';

/** What every server call has, unary or streaming (grpc-js does not export its name for it). */
export interface ServerCall extends EventEmitter {
  readonly metadata: Metadata;
  readonly cancelled: boolean;
  getDeadline(): Deadline;
  sendMetadata(metadata: Metadata): void;
}

export interface GrpcCallScopeOptions {
  readonly requestTimeoutMs: number;
  readonly inFlight: InFlightRequests;
  /** Epoch milliseconds; Date.now by default. */
  readonly now?: () => number;
  readonly generateRequestId?: () => string;
}

export interface GrpcCallScope {
  readonly requestId: string;
  /** The RequestContext without the caller (authentication adds the principal). */
  readonly context: Omit<RequestContext, 'principal'>;
  /** Stops the deadline timer and the in-flight tracking; call once the call is answered. */
  close(): void;
}

/** The first value of a text metadata key, if any. */
export function metadataText(metadata: Metadata, key: string): string | undefined {
  const [value] = metadata.get(key);
  return typeof value === 'string' ? value : undefined;
}

/** The client's deadline in epoch milliseconds (Infinity when it set none). */
function clientDeadlineMs(call: ServerCall): number {
  const deadline = call.getDeadline();
  return deadline instanceof Date ? deadline.getTime() : deadline;
}

/** @example const scope = openGrpcCallScope(call, { requestTimeoutMs, inFlight }); try { ... } finally { scope.close(); } */
export function openGrpcCallScope(call: ServerCall, options: GrpcCallScopeOptions): GrpcCallScope {
  const { requestTimeoutMs, inFlight, now = Date.now, generateRequestId = randomUUID } = options;
  const incomingId = metadataText(call.metadata, 'x-request-id');
  const requestId = incomingId !== undefined && VALID_REQUEST_ID.test(incomingId) ? incomingId : generateRequestId();
  const startedAtMs = now();
  const clientDeadline = clientDeadlineMs(call);
  const deadlineAtMs = Math.min(startedAtMs + requestTimeoutMs, clientDeadline);
  const controller = new AbortController();
  const deadlineError = (): DeadlineExceededError =>
    clientDeadline <= startedAtMs + requestTimeoutMs
      ? new DeadlineExceededError('The call did not finish within the client deadline')
      : new DeadlineExceededError(`Request did not finish within its ${requestTimeoutMs} ms deadline`);
  const timer = setTimeout(() => controller.abort(deadlineError()), Math.max(0, deadlineAtMs - startedAtMs));
  timer.unref();
  // grpc-js emits 'cancelled' both when the client cancels and when the client's deadline passes.
  const onCancelled = (): void =>
    controller.abort(now() >= clientDeadline ? deadlineError() : new CancelledError('Client cancelled the call before it was answered'));
  call.once('cancelled', onCancelled);
  const release = inFlight.track(controller);
  const traceparent = validTraceparent(metadataText(call.metadata, 'traceparent'));
  let isOpen = true;
  return {
    requestId,
    context: { requestId, signal: controller.signal, deadlineAtMs, ...(traceparent !== undefined ? { traceparent } : {}) },
    close() {
      if (!isOpen) return;
      isOpen = false;
      clearTimeout(timer);
      call.off('cancelled', onCancelled);
      release();
    },
  };
}
