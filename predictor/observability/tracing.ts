/**
 * @module observability/tracing
 * Trace set-up. Code creates spans through the OpenTelemetry API only, which is a no-op
 * until an SDK registers: with `OTEL_TRACES_EXPORTER=none` (the default) nothing else is
 * loaded and a span costs a few allocations. With `otlp`, the Node SDK and the OTLP/HTTP
 * exporter are imported lazily, registered globally (AsyncLocalStorage context, W3C trace
 * context propagation) and flushed by `shutdown`.
 */
import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import type { Logger } from './logger.js';

export const TRACER_NAME = 'multi-agent-pipeline';

export interface Tracing {
  readonly tracer: Tracer;
  readonly isExporting: boolean;
  /** Flushes pending spans and unregisters the SDK; call after the server has drained. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  readonly exporter: 'none' | 'otlp';
  /** OTLP/HTTP base URL; spans go to `<endpoint>/v1/traces`. */
  readonly endpoint: string;
  readonly serviceName: string;
  readonly serviceVersion?: string;
  readonly logger?: Logger;
}

/** The OTLP/HTTP traces URL of a collector base URL (the OTel exporter spec appends `/v1/traces`). */
export function otlpTracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * @example
 * const tracing = await createTracing({ exporter: config.monitoring.tracesExporter, endpoint: config.monitoring.otlpEndpoint, serviceName: config.monitoring.serviceName });
 * // ... on shutdown, after draining:
 * await tracing.shutdown();
 */
export async function createTracing({ exporter, endpoint, serviceName, serviceVersion, logger }: TracingOptions): Promise<Tracing> {
  if (exporter === 'none') {
    return { tracer: trace.getTracer(TRACER_NAME, serviceVersion), isExporting: false, shutdown: async () => {} };
  }
  // Loaded only here, so a server without trace export never pays for the SDK.
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const url = otlpTracesUrl(endpoint);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, ...(serviceVersion ? { 'service.version': serviceVersion } : {}) }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  provider.register();
  logger?.info('trace export on', { exporter: 'otlp', endpoint: url, service_name: serviceName });
  return {
    tracer: provider.getTracer(TRACER_NAME, serviceVersion),
    isExporting: true,
    async shutdown() {
      try {
        await provider.shutdown();
      } catch (error) {
        logger?.warn('trace export flush failed', { error });
      } finally {
        trace.disable();
        context.disable();
        propagation.disable();
      }
    },
  };
}
