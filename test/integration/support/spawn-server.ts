/**
 * @module test/integration/support/spawn-server
 * Starts the real predictor (`predictor/main.ts` through tsx, so no build is needed) as a
 * child process on a free port, collects everything it writes, and stops it with a signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface SpawnedServer {
  readonly baseUrl: string;
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Resolves once the server logs `server listening` with its bound port. */
export async function spawnServer(
  env: Record<string, string>,
  entry: readonly string[] = ['--import', 'tsx', 'predictor/main.ts'],
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [...entry], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PORT: '0',
      GRPC_PORT: '0',
      HOST: '127.0.0.1',
      DRAIN_DELAY_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (): void => {
      const match = /"message":"server listening"[^\n]*"port":(\d+)|"port":(\d+)[^\n]*"message":"server listening"/.exec(output);
      if (match) {
        child.stdout?.off('data', onData);
        resolve(Number(match[1] ?? match[2]));
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}
