/**
 * @module config/server-command-line
 * The server's command line, checked before anything else starts: `--help`, the flags of
 * the settings (`--http_port`, `--grpc_port`, `--model_name`, ...) and KServe's other
 * model-server flags, which are accepted and reported as unused. Anything else is a usage
 * error: one line naming the flag, with the closest known flag when there is one.
 */
import { parseArgs } from 'node:util';
import { closestName } from './closest-name.js';
import { CONFIG_SECTIONS_BY_NAME } from './config-schema.js';
import { UNUSED_KSERVE_FLAGS } from './kserve-server-flags.js';
import { serverHelpText } from './server-help.js';

export type ServerCommandLine =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'usage-error'; readonly message: string }
  /** `unusedFlags`: flags given that this server accepts but does not act on. */
  | { readonly kind: 'run'; readonly unusedFlags: readonly string[] };

type OptionSpec = { type: 'string' | 'boolean'; short?: string };

function optionSpecs(): Record<string, OptionSpec> {
  const options: Record<string, OptionSpec> = { help: { type: 'boolean', short: 'h' } };
  for (const section of Object.values(CONFIG_SECTIONS_BY_NAME)) {
    for (const field of Object.values(section)) for (const flag of field.flags ?? []) options[flag] = { type: 'string' };
  }
  for (const flag of UNUSED_KSERVE_FLAGS) options[flag.name] = { type: flag.type };
  return options;
}

/** The quoted option or argument of a parseArgs error message (`Unknown option '--outdir'`). */
function quotedIn(message: string): string {
  return /'([^']+)'/.exec(message)?.[1] ?? message;
}

function usageError(error: unknown, knownFlags: readonly string[]): string {
  const { code, message } = error as { code?: string; message: string };
  const quoted = quotedIn(message);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const name = quoted.replace(/^-+/, '').split('=')[0] ?? '';
    const suggestion = closestName(name, knownFlags);
    return `unknown flag ${quoted}${suggestion ? `; did you mean --${suggestion}?` : ''} (--help lists the flags)`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return `unexpected argument '${quoted}': the server takes only --flags (--help lists them)`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = quoted.split(' ')[0] ?? quoted;
    return message.includes('does not take') ? `flag ${flag} takes no value` : `flag ${flag} needs a value`;
  }
  return message.split('\n')[0] ?? message;
}

/**
 * Checks the server's arguments (after the script name).
 * @example parseServerCommandLine(['--http_port', '9000']) // { kind: 'run', unusedFlags: [] }
 */
export function parseServerCommandLine(argv: readonly string[]): ServerCommandLine {
  const options = optionSpecs();
  const knownFlags = Object.keys(options);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (error) {
    return { kind: 'usage-error', message: usageError(error, knownFlags) };
  }
  if (values.help === true) return { kind: 'help', text: serverHelpText() };
  const unused = new Set(UNUSED_KSERVE_FLAGS.map((flag) => flag.name));
  return { kind: 'run', unusedFlags: Object.keys(values).filter((name) => unused.has(name) && values[name] !== undefined) };
}
