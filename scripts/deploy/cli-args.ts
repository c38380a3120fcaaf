/**
 * @module scripts/deploy/cli-args
 * What the repository's CLIs (deploy, invoke, eval) share: node:util parseArgs in strict mode,
 * parse failures turned into a one-line UsageError with "did you mean" for a close flag, and
 * the exit-code contract (0 done, 1 failed, 2 usage) with one line on stderr and never a stack.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad command line: one line, then exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure the CLI reports as one line and exit code 1 (the deploy CLI's DeployError extends it). */
export class CliError extends Error {
  override readonly name: string = 'CliError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Edit distance (insert, delete, substitute), for suggesting the flag that was meant. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The closest known word within a third of its length (at least 2 edits), or undefined. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return best && best.distance <= limit ? best.candidate : undefined;
}

function flagNames(options: Options): string[] {
  return Object.entries(options).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]);
}

/** Turns parseArgs' TypeErrors into UsageErrors that name the flag and what to do. */
function toUsageError(error: unknown, options: Options): UsageError | undefined {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /Unknown option '([^']+)'/.exec(message)?.[1] ?? '?';
    const suggestion = closestMatch(flag.split('=')[0] ?? flag, flagNames(options));
    return new UsageError(`unknown flag ${flag}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /Option '(-\w, )?(--[\w-]+)/.exec(message)?.[2];
    if (/argument missing/.test(message)) return new UsageError(`flag ${flag ?? ''} needs a value`);
    return new UsageError(`flag ${flag ?? ''} takes no value`);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const word = /Unexpected argument '([^']+)'/.exec(message)?.[1] ?? '?';
    return new UsageError(`unexpected argument "${word}"`);
  }
  return undefined;
}

/** parseArgs in strict mode (positionals allowed: callers check them); throws UsageError on a bad flag. */
export function parseCommandLine<O extends Options>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw toUsageError(error, options) ?? error;
  }
}

/** A positive integer in [min, max], or a UsageError naming the flag. */
export function parseInteger(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max)
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, not "${text}"`);
  return value;
}

/** One of the allowed words, or a UsageError listing them. */
export function parseChoice<T extends string>(text: string, flag: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  const suggestion = closestMatch(text, choices);
  throw new UsageError(`${flag} must be one of ${choices.join('|')}, not "${text}"${suggestion ? ` (did you mean ${suggestion}?)` : ''}`);
}

export interface RunCliOptions {
  /** Program name that starts every error line, e.g. "deploy". */
  readonly name: string;
  /** Error classes that are usage errors besides UsageError (exit 2). */
  readonly isUsageError?: (error: unknown) => boolean;
  /** Error classes that are expected failures besides CliError (exit 1, message only). */
  readonly isKnownFailure?: (error: unknown) => boolean;
  readonly stderr?: { write(text: string): unknown };
}

/**
 * Runs main and sets the exit code: its result, 2 for a usage error (with a pointer to
 * --help), 1 for any other failure. One line on stderr, never a stack: an unexpected error
 * still prints its message, its class name saying it is unexpected.
 */
export async function runCli(
  main: () => Promise<number>,
  { name, isUsageError, isKnownFailure, stderr = process.stderr }: RunCliOptions,
): Promise<number> {
  try {
    return await main();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError || isUsageError?.(error)) {
      stderr.write(`${name}: ${message}\nRun with --help for usage.\n`);
      return 2;
    }
    const known = error instanceof CliError || isKnownFailure?.(error);
    stderr.write(`${name}: ${known ? message : `unexpected ${error instanceof Error ? error.name : 'error'}: ${message}`}\n`);
    return 1;
  }
}
