/**
 * Runs one of scripts/*.sh with the stub CLIs of scripts/test-stubs first on PATH and
 * returns its exit code, output and the stub calls it made, in order.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const stubDirectory = join(repositoryRoot, 'scripts', 'test-stubs');

export interface ScriptResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** One entry per stub call: "aws --region us-east-1 sts get-caller-identity ...". */
  readonly calls: string[];
}

/** The stubs' program name and subcommand words of each call, for sequence assertions. */
export function programsOf(calls: readonly string[]): string[] {
  return calls.map((call) =>
    call
      .split(' ')
      .filter((word) => !word.startsWith('-') && !/^(us|eu)-[a-z]+-\d$/.test(word))
      .slice(0, 3)
      .join(' '),
  );
}

/** Runs `scripts/<name>` with args and extra env (AWS_* and STUB_* cleared unless given). */
export function runScript(name: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<ScriptResult> {
  const workDirectory = mkdtempSync(join(tmpdir(), 'script-test-'));
  const log = join(workDirectory, 'calls.log');
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(AWS_|STUB_|CONTAINER_|ECR_|IMAGE|REGISTRY_|BUILD_|KUBECONFIG)/.test(key)),
  );
  return new Promise((resolve) => {
    execFile(
      join(repositoryRoot, 'scripts', name),
      [...args],
      { env: { ...inherited, PATH: `${stubDirectory}:${process.env.PATH ?? ''}`, STUB_LOG: log, ...env } },
      (error, stdout, stderr) => {
        const calls = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
        rmSync(workDirectory, { recursive: true, force: true });
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, calls });
      },
    );
  });
}
