/**
 * @module scripts/bench/proc-stats
 * What a benchmark reads about another process from Linux /proc: resident memory now and
 * at its peak (VmRSS, VmHWM; the peak can be reset to the current size), and CPU time
 * spent (user + system), so one request's cost can be told apart from the idle process.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** procfs reports CPU times in USER_HZ ticks, 100 per second on Linux (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

export interface MemorySample {
  /** Resident set size now, in bytes. */
  readonly rssBytes: number;
  /** Peak resident set size since start or the last `resetPeakRss`, in bytes. */
  readonly peakRssBytes: number;
}

function kilobytesField(status: string, field: string): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
  if (!match) throw new Error(`/proc status has no ${field}`);
  return Number(match[1]) * 1024;
}

export function memoryOf(pid: number): MemorySample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssBytes: kilobytesField(status, 'VmRSS'), peakRssBytes: kilobytesField(status, 'VmHWM') };
}

/** Sets the process's peak RSS (VmHWM) back to its current RSS (`clear_refs` value 5, Linux ≥ 4.0). */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** CPU time (user + system) the process has used so far, in milliseconds. */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  return ((userTicks + systemTicks) * 1000) / TICKS_PER_SECOND;
}
