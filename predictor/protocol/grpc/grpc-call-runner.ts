/**
 * @module protocol/grpc/grpc-call-runner
 * Runs every gRPC call the way REST's middleware runs a request: a call scope (id, deadline,
 * abort, in-flight), `x-request-id` sent back as initial metadata, the request id (and trace
 * id) on every log line, a SERVER span child of the caller's `traceparent`, one `grpc request`
 * log line and the gRPC metrics when the call ends, and every failure mapped once by
 * `toGrpcError` (unexpected ones logged with their stack, which never reaches the client).
 */
import { Metadata, status as Status, type handleUnaryCall } from '@grpc/grpc-js';
import { context, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { GrpcMetrics } from '../../observability/grpc-metrics.js';
import { runWithLogFields } from '../../observability/log-context.js';
import type { Logger } from '../../observability/logger.js';
import { contextFromTraceparent } from '../middleware/trace-context.js';
import { openGrpcCallScope, type GrpcCallScope, type GrpcCallScopeOptions, type ServerCall } from './grpc-call-scope.js';
import { toGrpcError, type GrpcError } from './grpc-errors.js';

export interface GrpcCallRunnerOptions extends GrpcCallScopeOptions {
  readonly logger: Logger;
  readonly metrics: GrpcMetrics;
  /** Bounds the model label: names that are not served are recorded as "unknown". */
  readonly isKnownModel: (name: string) => boolean;
  /** Spans are no-ops without one (or without an OTel SDK). */
  readonly tracer?: Tracer;
}

/** A call in progress: its scope, and `finish` to record how it ended (idempotent). */
export interface RunningCall {
  readonly scope: GrpcCallScope;
  /** Records the outcome (OK, or the error that ended the call) and returns the status to send. */
  finish(error?: unknown): GrpcError | undefined;
  /** Runs `callback` with the call's log fields and span current. */
  within<T>(callback: () => T): T;
}

export interface GrpcCallRunner {
  /** Opens a call: use for streaming handlers, which end their calls themselves. */
  start(call: ServerCall, method: string, modelName: string | undefined): RunningCall;
  /** A unary handler around `work`, which gets the request and the call scope. */
  unary<Request, Response>(
    method: string,
    modelNameOf: (request: Request) => string | undefined,
    work: (request: Request, scope: GrpcCallScope, call: ServerCall) => Promise<Response>,
  ): handleUnaryCall<Request, Response>;
}

export function createGrpcCallRunner(options: GrpcCallRunnerOptions): GrpcCallRunner {
  const { logger, metrics, isKnownModel, tracer, now = Date.now } = options;

  function start(call: ServerCall, method: string, modelName: string | undefined): RunningCall {
    const startedAtMs = now();
    const scope = openGrpcCallScope(call, options);
    const initial = new Metadata();
    initial.set('x-request-id', scope.requestId);
    call.sendMetadata(initial);
    const parent = contextFromTraceparent(scope.context.traceparent);
    const span = tracer?.startSpan(method, { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'grpc', 'rpc.method': method } }, parent);
    const spanContext = span?.spanContext();
    const logFields = {
      request_id: scope.requestId,
      ...(spanContext && trace.isSpanContextValid(spanContext) ? { trace_id: spanContext.traceId } : {}),
    };
    let outcome: { readonly error: GrpcError | undefined } | undefined;
    return {
      scope,
      within: (callback) => runWithLogFields(logFields, () => (span ? context.with(trace.setSpan(parent, span), callback) : callback())),
      finish(error) {
        if (outcome) return outcome.error;
        const grpcError = error === undefined ? undefined : toGrpcError(error);
        outcome = { error: grpcError };
        scope.close();
        const code = Status[grpcError?.code ?? Status.OK];
        const model = modelName === undefined ? '' : isKnownModel(modelName) ? modelName : 'unknown';
        const durationMs = now() - startedAtMs;
        runWithLogFields(logFields, () => {
          if (grpcError && !grpcError.isExpected) logger.error('unhandled error', { error, method });
          else if (grpcError && grpcError.code !== Status.CANCELLED && isServerSide(grpcError.code))
            logger.warn('request failed', { error, method, code });
          logger.info('grpc request', { method, code, duration_ms: durationMs, ...(modelName !== undefined ? { model: modelName } : {}) });
        });
        metrics.observeCall({ method, model, code }, durationMs / 1000);
        span?.setAttributes({ 'rpc.grpc.status_code': grpcError?.code ?? Status.OK, ...(modelName ? { 'app.model': modelName } : {}) });
        if (grpcError && isServerSide(grpcError.code)) span?.setStatus({ code: SpanStatusCode.ERROR });
        span?.end();
        return grpcError;
      },
    };
  }

  return {
    start,
    unary(method, modelNameOf, work) {
      return (call, callback) => {
        const running = start(call, method, modelNameOf(call.request));
        running.within(() => {
          work(call.request, running.scope, call).then(
            (response) => {
              running.finish();
              callback(null, response);
            },
            (error: unknown) => callback(running.finish(error) ?? null),
          );
        });
      };
    },
  };
}

/** Statuses that say the server (or its upstream) failed, as a 5xx does over REST. */
function isServerSide(code: Status): boolean {
  return code === Status.INTERNAL || code === Status.UNAVAILABLE || code === Status.DEADLINE_EXCEEDED || code === Status.UNKNOWN;
}
