/**
 * @module protocol/middleware/trace-context
 * The request span: a SERVER span per request, child of the caller's W3C `traceparent`
 * (already validated into the RequestContext) when there is one, made current for
 * everything the request does, so agent and LLM call spans nest under it. It is named
 * after the route template once routing is done (`POST /v2/models/:name/infer`), never the
 * raw path. Log lines written during the request carry `trace_id` when a trace exists.
 * Without an OTel SDK this costs one no-op span.
 */
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Context, type Tracer } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { runWithLogFields } from '../../observability/log-context.js';
import { requestState } from '../request-state.js';
import { statusOf, UNMATCHED_ROUTE } from './response-outcome.js';

/** The remote parent described by a valid traceparent (`00-<trace id>-<span id>-<flags>`). */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  if (traceparent === undefined) return ROOT_CONTEXT;
  const [, traceId = '', spanId = '', flags = '00'] = traceparent.split('-');
  const traceFlags = (Number.parseInt(flags, 16) & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags, isRemote: true });
}

/** Runs after `withRequestContext` (it reads the validated traceparent from the request state). */
export function withTraceContext({ tracer }: { readonly tracer: Tracer }): RequestHandler {
  return function traceContext(request, response, next) {
    const parent = contextFromTraceparent(requestState(response).context?.traceparent);
    const span = tracer.startSpan(request.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method } }, parent);
    response.once('close', () => {
      const state = requestState(response);
      const route = state.route ?? UNMATCHED_ROUTE;
      // The same status logs and metrics record (499 when the client left first).
      const status = statusOf(response);
      span.updateName(`${request.method} ${route}`);
      span.setAttributes({
        'http.route': route,
        'http.response.status_code': status,
        ...(state.requestId ? { 'app.request_id': state.requestId } : {}),
        ...(state.modelName ? { 'app.model': state.modelName } : {}),
      });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    const { traceId } = span.spanContext();
    const run = (): void => context.with(trace.setSpan(parent, span), next);
    if (trace.isSpanContextValid(span.spanContext())) runWithLogFields({ trace_id: traceId }, run);
    else run();
  };
}
