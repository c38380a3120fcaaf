/**
 * @module scripts/bench/rss-sampler
 * Samples another process's resident set size (VmRSS) on a fixed period while a benchmark
 * runs, and keeps the highest value seen.
 */
import { memoryOf } from './proc-stats.js';

export interface RssSampler {
  /** Stops sampling; the highest RSS seen, in MB. */
  stop(): number;
}

export function startRssSampler({ pid, periodMs = 20 }: { readonly pid: number; readonly periodMs?: number }): RssSampler {
  let peakBytes = memoryOf(pid).rssBytes;
  const timer = setInterval(() => {
    try {
      peakBytes = Math.max(peakBytes, memoryOf(pid).rssBytes);
    } catch {
      // the process exited; keep what was seen
    }
  }, periodMs);
  return {
    stop() {
      clearInterval(timer);
      return peakBytes / 2 ** 20;
    },
  };
}
