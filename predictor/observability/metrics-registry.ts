/**
 * @module observability/metrics-registry
 * The one prom-client Registry of a running server (never the global default registry,
 * so tests stay isolated), with Node process metrics, and its text rendering for /metrics.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

export interface MetricsRegistry {
  readonly registry: Registry;
  render(): Promise<{ contentType: string; body: string }>;
}

export interface CreateMetricsRegistryOptions {
  /** Node.js process metrics (heap, event loop lag, GC); off in unit tests. */
  readonly collectProcessMetrics?: boolean;
  readonly defaultLabels?: Readonly<Record<string, string>>;
}

export function createMetricsRegistry({ collectProcessMetrics = true, defaultLabels }: CreateMetricsRegistryOptions = {}): MetricsRegistry {
  const registry = new Registry();
  if (defaultLabels) registry.setDefaultLabels({ ...defaultLabels });
  if (collectProcessMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
