/**
 * @module test/observability/support/in-memory-tracing
 * A registered OTel Node SDK that keeps finished spans in memory (AsyncLocalStorage context
 * included, so parent/child links are real); `stop()` unregisters it again.
 */
import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-node';

export interface InMemoryTracing {
  readonly tracer: Tracer;
  spans(): ReadableSpan[];
  stop(): Promise<void>;
}

export function startInMemoryTracing(): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
  return {
    tracer: provider.getTracer('test'),
    spans: () => exporter.getFinishedSpans(),
    async stop() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** The span's parent span id (SDK 2 keeps it in `parentSpanContext`). */
export function parentSpanIdOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}
