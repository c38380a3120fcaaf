/**
 * @module scripts/eval/eval-cli-args
 * Command line of `npm run eval`: the dataset directory, output directory, variants to
 * compare, judge switch and episode timeout, parsed by node:util parseArgs in strict mode: an
 * unknown or misspelt flag is an error (with "did you mean"), never silently ignored. The
 * server's own config flags (`--eval_min_groundedness` and the rest of the config schema's
 * flags) are accepted and passed through to the config loader.
 */
import { CONFIG_SECTIONS_BY_NAME } from '../../predictor/config/config-schema.js';
import { InvalidInputError } from '../../predictor/errors.js';
import { parseCommandLine, UsageError } from '../deploy/cli-args.js';
import { parseDurationMs } from '../deploy/parse-duration.js';

/** A configuration under test: a prompt version and config overrides (env var → value). */
export interface VariantSpec {
  readonly name: string;
  /** Absent: the configured PROMPT_VERSION. */
  readonly promptVersion?: string;
  readonly settings: Readonly<Record<string, string>>;
}

export interface EvalCliArgs {
  readonly datasetDirectory: string;
  readonly outDirectory: string;
  readonly variants: readonly VariantSpec[];
  readonly isJudgeEnabled: boolean;
  readonly episodeTimeoutMs: number;
  readonly isHelp: boolean;
  /** Everything else, for `loadConfig({ argv })`. */
  readonly configArgv: readonly string[];
}

export const DEFAULT_DATASET_DIRECTORY = 'scripts/eval/dataset';

export const EVAL_USAGE = `Usage: npm run eval -- [dataset-dir] [options]

Runs the pipeline over every *.json episode in dataset-dir (default ${DEFAULT_DATASET_DIRECTORY}),
checks and judges the outputs, and writes eval-report.json and eval-report.html.
Uses the built-in Gemini emulator unless GEMINI_API_KEY (or LLM_BACKEND) is set.
Exits 1 when a threshold is missed, 2 on bad arguments or config.

Options:
  --out-dir <dir>                 where the reports go (default: .)
  --prompt-versions v1,v2         compare prompt versions (one variant each)
  --variant name:KEY=VALUE,...    a variant with config overrides, e.g.
                                  --variant flash:prompt_version=v2,SUMMARIZER_MODEL_TIER=flash
                                  (repeatable; prompt_version picks the prompt, KEY=VALUE set env vars)
  --no-judge                      deterministic checks only (no judge calls)
  --episode-timeout <duration>    per-episode deadline, e.g. 90s, 5m (default 5m)
  --episode-timeout-ms <ms>       the same in milliseconds
  --eval_min_groundedness 0.5 ... gate thresholds (see docs/evaluation.md; also EVAL_* env vars);
                                  any other server config flag (--help of the server lists them)
  -h, --help`;

/** Every flag of the server's config schema, passed through to loadConfig. */
const CONFIG_FLAGS: readonly string[] = Object.values(CONFIG_SECTIONS_BY_NAME).flatMap((section) =>
  Object.values(section).flatMap((field) => field.flags ?? []),
);

const OPTIONS = {
  'out-dir': { type: 'string' },
  'prompt-versions': { type: 'string', multiple: true },
  variant: { type: 'string', multiple: true },
  'no-judge': { type: 'boolean' },
  'episode-timeout': { type: 'string' },
  'episode-timeout-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  ...Object.fromEntries(CONFIG_FLAGS.map((flag) => [flag, { type: 'string' }])),
} as const;

const NAME = /^[a-z0-9._-]{1,40}$/;

/** `flash:prompt_version=v2,SUMMARIZER_MODEL_TIER=flash` → a variant spec. */
export function parseVariant(text: string): VariantSpec {
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  if (!NAME.test(name)) throw new InvalidInputError(`--variant ${text}: the name must match ${NAME.source}`);
  const settings: Record<string, string> = {};
  let promptVersion: string | undefined;
  for (const pair of colon < 0
    ? []
    : text
        .slice(colon + 1)
        .split(',')
        .filter(Boolean)) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new InvalidInputError(`--variant ${text}: expected KEY=VALUE, got ${pair}`);
    const key = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    if (key === 'prompt_version') promptVersion = value;
    else if (/^[A-Z][A-Z0-9_]*$/.test(key)) settings[key] = value;
    else throw new InvalidInputError(`--variant ${text}: ${key} is neither prompt_version nor an env var name`);
  }
  return { name, ...(promptVersion === undefined ? {} : { promptVersion }), settings };
}

/** Parses the arguments after `--`; throws UsageError (unknown flag) or InvalidInputError (bad value). */
export function parseEvalCliArgs(argv: readonly string[]): EvalCliArgs {
  const { values: parsed, positionals: positional } = parseCommandLine(argv, OPTIONS);
  const values = parsed as Readonly<Record<string, string | boolean | string[] | undefined>>;
  const configArgv = CONFIG_FLAGS.flatMap((flag) => (typeof values[flag] === 'string' ? [`--${flag}`, values[flag]] : []));
  const list = (name: string): string[] => (values[name] as string[] | undefined) ?? [];
  if (positional.length > 1) throw new InvalidInputError(`Expected one dataset directory, got ${positional.join(' ')}`);
  const promptVersions = list('prompt-versions')
    .flatMap((versions) => versions.split(','))
    .filter(Boolean);
  const variants: VariantSpec[] = [
    ...promptVersions.map((version) => parseVariant(`${version}:prompt_version=${version}`)),
    ...list('variant').map(parseVariant),
  ];
  if (new Set(variants.map((variant) => variant.name)).size !== variants.length)
    throw new InvalidInputError('Variant names must be unique');
  if (values['episode-timeout'] !== undefined && values['episode-timeout-ms'] !== undefined) {
    throw new UsageError('--episode-timeout and --episode-timeout-ms are alternatives: give one');
  }
  const timeout =
    typeof values['episode-timeout'] === 'string'
      ? parseDurationMs(values['episode-timeout'], '--episode-timeout')
      : Number(values['episode-timeout-ms'] ?? 300_000);
  if (!Number.isInteger(timeout) || timeout <= 0) throw new InvalidInputError('--episode-timeout-ms must be a positive integer');
  return {
    datasetDirectory: positional[0] ?? DEFAULT_DATASET_DIRECTORY,
    outDirectory: (values['out-dir'] as string | undefined) ?? '.',
    variants,
    isJudgeEnabled: values['no-judge'] !== true,
    episodeTimeoutMs: timeout,
    isHelp: values.help === true,
    configArgv,
  };
}
