/**
 * @module scripts/bench/probe-sampler
 * Plays kubelet while a benchmark request runs: GETs the liveness and readiness probes on a
 * fixed period whether or not the previous probe answered (a stalled event loop then shows
 * as many slow probes, as the kubelet would see it), and records each probe's latency.
 */
import { percentile } from './bench-process.js';

export interface ProbeSummary {
  readonly count: number;
  readonly failures: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface ProbeSampler {
  /** Stops probing, waits for the probes in flight, and summarises every probe sent. */
  stop(): Promise<ProbeSummary>;
}

export interface ProbeSamplerOptions {
  readonly baseUrl: string;
  readonly periodMs?: number;
  /** Probes allowed in flight at once; later ticks are skipped (bounds a long stall). */
  readonly maxInFlight?: number;
  readonly paths?: readonly string[];
}

/** Starts probing `baseUrl` at once. */
export function startProbeSampler({
  baseUrl,
  periodMs = 20,
  maxInFlight = 200,
  paths = ['/v2/health/live', '/v2/health/ready'],
}: ProbeSamplerOptions): ProbeSampler {
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let failures = 0;
  let tick = 0;
  const probe = async (path: string): Promise<void> => {
    const startedAt = performance.now();
    try {
      const response = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(30_000) });
      await response.arrayBuffer();
      if (!response.ok) failures++;
    } catch {
      failures++;
    }
    latencies.push(performance.now() - startedAt);
  };
  const timer = setInterval(() => {
    if (inFlight.size >= maxInFlight) return;
    const running = probe(paths[tick++ % paths.length] ?? '/v2/health/live').finally(() => inFlight.delete(running));
    inFlight.add(running);
  }, periodMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      const round = (value: number) => Math.round(value * 10) / 10;
      return {
        count: latencies.length,
        failures,
        p50Ms: round(percentile(latencies, 0.5)),
        p99Ms: round(percentile(latencies, 0.99)),
        maxMs: round(Math.max(0, ...latencies)),
      };
    },
  };
}
