/**
 * @module test/integration/support/other-node
 * A `node` on PATH of another major than the one running the tests (the machine's own,
 * beside the project's pinned devDependency), for the unsupported-Node start-up check.
 */
import { execFileSync } from 'node:child_process';
import { delimiter, join } from 'node:path';

export interface OtherNode {
  readonly path: string;
  readonly version: string;
}

/** The first such node, or undefined when every node on PATH is the running major. */
export function findOtherNode(): OtherNode | undefined {
  const runningMajor = process.version.split('.')[0];
  for (const directory of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const path = join(directory, 'node');
    try {
      const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
      if (version.split('.')[0] !== runningMajor) return { path, version };
    } catch {
      // not there, or not runnable
    }
  }
  return undefined;
}
