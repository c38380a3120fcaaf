/**
 * @module test/integration/support/redis-test-server
 * The one way tests get a Redis: a private redis-server on a free loopback port, without
 * persistence, stopped again after the suite. The binary is looked up on PATH (or
 * REDIS_SERVER_BINARY). Without it a suite skips with a line saying why, so `npm test`
 * passes on a machine without Redis; under CI=true (where .ci/run installs it) a missing
 * binary fails instead, so CI can never pass by skipping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { findProgram, isCiRun } from './find-program.js';

export interface RedisTestServer {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** The redis-server binary on this machine, or undefined. */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return findProgram('redis-server', { env, ...(env.REDIS_SERVER_BINARY ? { candidates: [env.REDIS_SERVER_BINARY] } : {}) });
}

/** A loopback port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function start(binary: string): Promise<RedisTestServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => reject(new Error(`cannot start ${binary}: ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`)));
  });
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Starts a redis-server for the suite whose `before` hook calls it (`this` is the hook's
 * context). Skips the suite when none is installed, except under CI=true.
 * @example before(async function () { redis = await startRedisServer(this); });
 */
export async function startRedisServer(hook: Mocha.Context): Promise<RedisTestServer> {
  const binary = findRedisServer();
  if (binary === undefined) {
    if (isCiRun()) throw new Error('redis-server is not installed (CI=true requires it; .ci/run installs it)');
    console.log(
      `      (skipped: no redis-server on PATH; install it to run "${hook.currentTest?.parent?.title ?? hook.test?.parent?.title ?? 'this suite'}")`,
    );
    hook.skip();
  }
  return start(binary);
}
