/**
 * @module scripts/eval/eval-cli-args
 * Command line of `npm run eval`: the dataset directory, output directory, variants to
 * compare, judge switch and episode timeout. Threshold flags (`--eval_min_groundedness`)
 * and any other config flag are passed through to the config loader untouched.
 */
import { InvalidInputError } from '../../predictor/errors.js';

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
  --episode-timeout-ms <ms>       per-episode deadline (default 300000)
  --eval_min_groundedness 0.5 ... gate thresholds (see docs/evaluation.md; also EVAL_* env vars)
  --help`;

const VALUE_FLAGS = new Set(['out-dir', 'prompt-versions', 'variant', 'episode-timeout-ms']);
const BOOLEAN_FLAGS = new Set(['no-judge', 'help']);
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

/** Parses the arguments after `--`; throws InvalidInputError for malformed ones. */
export function parseEvalCliArgs(argv: readonly string[]): EvalCliArgs {
  const positional: string[] = [];
  const configArgv: string[] = [];
  const values = new Map<string, string[]>();
  const booleans = new Set<string>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (!argument.startsWith('--')) {
      positional.push(argument);
      continue;
    }
    const [name = '', inline] = argument.slice(2).split(/=(.*)/s);
    if (BOOLEAN_FLAGS.has(name)) booleans.add(name);
    else if (VALUE_FLAGS.has(name)) {
      const value = inline ?? argv[++index];
      if (value === undefined) throw new InvalidInputError(`--${name} needs a value`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else {
      configArgv.push(argument);
      if (inline === undefined && argv[index + 1] !== undefined && !argv[index + 1]!.startsWith('--')) configArgv.push(argv[++index]!);
    }
  }
  if (positional.length > 1) throw new InvalidInputError(`Expected one dataset directory, got ${positional.join(' ')}`);
  const promptVersions = (values.get('prompt-versions') ?? []).flatMap((list) => list.split(',')).filter(Boolean);
  const variants: VariantSpec[] = [
    ...promptVersions.map((version) => parseVariant(`${version}:prompt_version=${version}`)),
    ...(values.get('variant') ?? []).map(parseVariant),
  ];
  if (new Set(variants.map((variant) => variant.name)).size !== variants.length)
    throw new InvalidInputError('Variant names must be unique');
  const timeout = Number(values.get('episode-timeout-ms')?.at(-1) ?? 300_000);
  if (!Number.isInteger(timeout) || timeout <= 0) throw new InvalidInputError('--episode-timeout-ms must be a positive integer');
  return {
    datasetDirectory: positional[0] ?? DEFAULT_DATASET_DIRECTORY,
    outDirectory: values.get('out-dir')?.at(-1) ?? '.',
    variants,
    isJudgeEnabled: !booleans.has('no-judge'),
    episodeTimeoutMs: timeout,
    isHelp: booleans.has('help'),
    configArgv,
  };
}
