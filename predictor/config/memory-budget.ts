/**
 * @module config/memory-budget
 * Whether a pod's worst case fits its memory limit: the idle process plus, for each of the
 * CONTAINER_CONCURRENCY requests it serves at once, REQUEST_MEMORY_PER_BODY_BYTE times the
 * largest body a request may carry must stay within 75% of MEMORY_LIMIT_BYTES. The other 25%
 * is headroom for V8's heap growth between collections, allocator fragmentation and
 * measurement error. docs/deployment.md walks through the arithmetic; `npm run bench:abuse`
 * measures both constants (docs/benchmarks.md, "Abuse").
 */
import type { JobsConfig } from './sections/jobs-config.js';
import type { ServerConfig } from './sections/server-config.js';

const MIB = 1024 * 1024;

/** Peak RSS growth of one request per byte of its body, at most: the bound the abuse benchmark holds every hostile input to. */
export const REQUEST_MEMORY_PER_BODY_BYTE = 30;
/** Resident memory of the idle, warmed-up process, rounded up from the abuse benchmark's measurement. */
export const IDLE_RSS_BYTES = 160 * MIB;
/** Share of the memory limit the worst case may use. */
export const MEMORY_LIMIT_SHARE = 0.75;

export interface MemoryBudgetInput {
  readonly memoryLimitBytes: number;
  readonly containerConcurrency: number;
  /** The largest body any counted route accepts. */
  readonly largestBodyBytes: number;
}

export interface MemoryBudget {
  /** Idle RSS plus every request at its largest body. */
  readonly worstCaseBytes: number;
  /** MEMORY_LIMIT_SHARE of the limit. */
  readonly allowedBytes: number;
  readonly isWithinLimit: boolean;
  /** The largest body that would fit at this concurrency (≤ 0: none). */
  readonly maxBodyBytesThatFits: number;
  /** The highest concurrency that would fit with this body (0: none). */
  readonly maxConcurrencyThatFits: number;
  /** The smallest limit this body and concurrency fit. */
  readonly minMemoryLimitBytes: number;
}

/** The arithmetic of docs/deployment.md for one pod. */
export function memoryBudgetOf({ memoryLimitBytes, containerConcurrency, largestBodyBytes }: MemoryBudgetInput): MemoryBudget {
  const perRequestBytes = REQUEST_MEMORY_PER_BODY_BYTE * largestBodyBytes;
  const worstCaseBytes = IDLE_RSS_BYTES + containerConcurrency * perRequestBytes;
  const allowedBytes = Math.floor(MEMORY_LIMIT_SHARE * memoryLimitBytes);
  const roomBytes = allowedBytes - IDLE_RSS_BYTES;
  return {
    worstCaseBytes,
    allowedBytes,
    isWithinLimit: worstCaseBytes <= allowedBytes,
    maxBodyBytesThatFits: Math.floor(roomBytes / (REQUEST_MEMORY_PER_BODY_BYTE * Math.max(1, containerConcurrency))),
    maxConcurrencyThatFits: Math.max(0, Math.floor(roomBytes / perRequestBytes)),
    minMemoryLimitBytes: Math.ceil(worstCaseBytes / MEMORY_LIMIT_SHARE),
  };
}

function mebibytes(bytes: number): string {
  return `${Math.round(bytes / MIB)} MiB`;
}

/**
 * Pushes one line naming the settings, their values and what would fit when the worst case
 * does not fit MEMORY_LIMIT_BYTES. Without a limit (e.g. `npm start` on a laptop) there is
 * nothing to check. With jobs on, the larger of MAX_BODY_BYTES and JOBS_MAX_BODY_BYTES counts.
 */
export function checkMemoryBudget(server: ServerConfig, jobs: Pick<JobsConfig, 'isEnabled' | 'maxBodyBytes'>, problems: string[]): void {
  const { memoryLimitBytes, containerConcurrency } = server;
  if (memoryLimitBytes === 0) return;
  if (containerConcurrency === 0) {
    problems.push(
      `MEMORY_LIMIT_BYTES=${memoryLimitBytes} needs CONTAINER_CONCURRENCY (requests at once, as the InferenceService's containerConcurrency) to bound the worst case; 0 means unlimited`,
    );
    return;
  }
  const body =
    jobs.isEnabled && jobs.maxBodyBytes > server.maxBodyBytes
      ? { name: 'JOBS_MAX_BODY_BYTES', bytes: jobs.maxBodyBytes }
      : { name: 'MAX_BODY_BYTES', bytes: server.maxBodyBytes };
  const budget = memoryBudgetOf({ memoryLimitBytes, containerConcurrency, largestBodyBytes: body.bytes });
  if (budget.isWithinLimit) return;
  const fixes = [
    budget.maxBodyBytesThatFits >= 1024 ? `${body.name} <= ${budget.maxBodyBytesThatFits}` : undefined,
    budget.maxConcurrencyThatFits >= 1 ? `CONTAINER_CONCURRENCY <= ${budget.maxConcurrencyThatFits}` : undefined,
    `MEMORY_LIMIT_BYTES >= ${budget.minMemoryLimitBytes}`,
  ].filter((fix): fix is string => fix !== undefined);
  problems.push(
    `${body.name}=${body.bytes} with CONTAINER_CONCURRENCY=${containerConcurrency} does not fit MEMORY_LIMIT_BYTES=${memoryLimitBytes}: ` +
      `worst case ${mebibytes(IDLE_RSS_BYTES)} idle + ${containerConcurrency} x ${REQUEST_MEMORY_PER_BODY_BYTE} x ${mebibytes(body.bytes)} = ${mebibytes(budget.worstCaseBytes)}, ` +
      `over ${MEMORY_LIMIT_SHARE * 100}% of the limit (${mebibytes(budget.allowedBytes)}); fits with ${fixes.join(', or ')}`,
  );
}
