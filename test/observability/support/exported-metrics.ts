/**
 * @module test/observability/support/exported-metrics
 * Every metric the predictor exports, with its label names, read from the real factories on
 * one registry (the same ones composeApplication wires), so manifests and docs can be
 * checked against what /metrics actually serves rather than a hand-kept list.
 */
import type { Registry } from 'prom-client';
import { createEvaluationMetrics } from '../../../predictor/observability/evaluation-metrics.js';
import { createHttpMetrics } from '../../../predictor/observability/http-metrics.js';
import { createLlmMetrics } from '../../../predictor/observability/llm-metrics.js';
import { createMetricsRegistry } from '../../../predictor/observability/metrics-registry.js';
import { createPipelineTelemetry } from '../../../predictor/observability/pipeline-telemetry.js';
import { createSecurityMetrics } from '../../../predictor/observability/security-metrics.js';
import { createSilentLogger } from '../../../predictor/observability/logger.js';

/** Labels Prometheus adds to every scraped series (PodMonitor target labels). */
export const TARGET_LABELS = ['namespace', 'pod', 'container', 'job', 'instance', 'endpoint', 'service'];

export interface ExportedMetric {
  readonly name: string;
  readonly type: string;
  readonly labelNames: readonly string[];
}

/** The metrics of a server's registry, keyed by every series name they expose (histograms: `_bucket`, `_sum`, `_count`). */
export async function exportedSeries(): Promise<ReadonlyMap<string, ExportedMetric>> {
  const { registry } = createMetricsRegistry();
  registerEveryMetric(registry);
  const series = new Map<string, ExportedMetric>();
  for (const metric of await registry.getMetricsAsJSON()) {
    const instance = registry.getSingleMetric(metric.name) as unknown as { labelNames?: readonly string[] };
    const labelNames = [...(instance.labelNames ?? [])];
    const entry: ExportedMetric = { name: metric.name, type: String(metric.type), labelNames };
    series.set(metric.name, entry);
    if (entry.type === 'histogram') {
      series.set(`${metric.name}_bucket`, { ...entry, labelNames: [...labelNames, 'le'] });
      series.set(`${metric.name}_sum`, entry);
      series.set(`${metric.name}_count`, entry);
    }
  }
  return series;
}

function registerEveryMetric(registry: Registry): void {
  createHttpMetrics({ registry });
  createLlmMetrics({ registry, providerName: 'gcp.gemini' });
  createPipelineTelemetry({ logger: createSilentLogger(), registry, providerName: 'gcp.gemini' });
  createSecurityMetrics({ registry });
  createEvaluationMetrics({ registry });
}
