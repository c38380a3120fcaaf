/**
 * @module scripts/bench/bench-process
 * Child-process helpers for benchmarks: free ports, spawning the built server with an
 * environment, waiting for readiness, reading RSS, and stopping cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';

/** The built predictor, the built standalone emulator and the route every bench drives. */
export const BUILT_SERVER = 'dist/predictor/main.js';
export const BUILT_EMULATOR = 'dist/scripts/emulator-main.js';
export const INFER_PATH = '/v2/models/podcast-pipeline/infer';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly startedAtMs: number;
  stop(): Promise<void>;
}

/**
 * Spawns `node <script>` (the Node running this script) with PORT set and extra env; logs
 * at warn unless `env` says otherwise (an `undefined` value unsets a variable, e.g. to keep
 * the server's shipped default). gRPC is served on PORT only (h2c), as in the serverless
 * manifests, so no run depends on port 8081 being free.
 */
export async function spawnNode(script: string, env: Record<string, string | undefined>, port?: number): Promise<RunningProcess> {
  const chosenPort = port ?? (await freePort());
  const startedAtMs = performance.now();
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, PORT: String(chosenPort), GRPC_PORT: '0', LOG_LEVEL: 'warn', DRAIN_DELAY_MS: '0', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    child,
    port: chosenPort,
    startedAtMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Polls `url` until it answers 200; returns ms since `sinceMs`. Polls every 2 ms (bench only). */
export async function waitForOk(url: string, sinceMs: number, timeoutMs = 20000): Promise<number> {
  const giveUpAt = performance.now() + timeoutMs;
  while (performance.now() < giveUpAt) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return performance.now() - sinceMs;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

/** Resident set size of a process in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** The value at `fraction` (0..1) of the sorted values; NaN when there are none. */
export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Waits until something accepts TCP connections on the loopback port. */
export async function waitForListening(port: number, timeoutMs = 20000): Promise<void> {
  const giveUpAt = performance.now() + timeoutMs;
  while (performance.now() < giveUpAt) {
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (isOpen) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
}

/** `GUARDRAILS` that turns the PII and injection detectors off, input and output: what the detectors cost. */
export const GUARDRAIL_DETECTORS_OFF = JSON.stringify({ '*': { injection: 'off', pii: 'off', piiLeak: 'off', echoedInjection: 'off' } });
