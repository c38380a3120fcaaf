/**
 * @module test/integration/support/find-program
 * Finds an executable on PATH, so an integration suite can tell a machine without the program
 * it needs (skip, with a line saying why) from one where the program fails (a real failure).
 * Under CI=true the suites never skip: CI installs every program (.ci/run), so CI can never
 * pass by skipping.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first executable `name` on PATH (or `candidates`, when given), or undefined. */
export function findProgram(
  name: string,
  { env = process.env, candidates }: { env?: NodeJS.ProcessEnv; candidates?: readonly string[] } = {},
): string | undefined {
  const paths =
    candidates ??
    (env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((directory) => join(directory, name));
  return paths.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** CI=true: a missing program fails the suite that needs it instead of skipping it. */
export function isCiRun(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true';
}
