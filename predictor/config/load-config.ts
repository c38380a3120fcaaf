/**
 * @module config/load-config
 * Reads settings from env and KServe-style flags once at start-up, coerces and validates
 * them with ajv (every problem reported at once), resolves derived values and returns a
 * deep-frozen Config, or throws ConfigError so the process exits before listening.
 */
import { createAjv } from '../create-ajv.js';
import { ConfigError } from '../errors.js';
import type { ConfigField } from './config-field.js';
import { describeAllowed } from './describe-allowed.js';
import { buildConfigSchema, CONFIG_SECTIONS_BY_NAME, type Config, type ConfigValues } from './config-schema.js';
import { checkMemoryBudget } from './memory-budget.js';
import { resolveGeminiConfig } from './sections/gemini-config.js';
import { resolveLlmConfig } from './sections/llm-config.js';
import { resolveMonitoringConfig } from './sections/monitoring-config.js';
import { resolveSecurityConfig } from './sections/security-config.js';
import type { ServerConfig } from './sections/server-config.js';
import { deepFreeze } from '../deep-freeze.js';

export interface LoadConfigOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Command-line arguments after the script name; flags no setting declares are skipped here (the server refuses unknown ones earlier, in server-command-line.ts). */
  readonly argv?: readonly string[];
}

/** Parses `--name value` and `--name=value` pairs; bare `--flag` means "true". */
export function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? '';
    if (!argument.startsWith('--')) continue;
    const body = argument.slice(2);
    const equals = body.indexOf('=');
    if (equals >= 0) {
      flags.set(body.slice(0, equals), body.slice(equals + 1));
    } else {
      const next = argv[index + 1];
      if (next !== undefined && !next.startsWith('--')) {
        flags.set(body, next);
        index++;
      } else {
        flags.set(body, 'true');
      }
    }
  }
  return flags;
}

/** Env/flag strings for array or object settings are JSON (arrays also accept a comma list). */
function parseStructured(field: ConfigField, value: string): unknown {
  const type = field.schema.type;
  if (type !== 'array' && type !== 'object') return value;
  try {
    return JSON.parse(value);
  } catch {
    return type === 'array'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : value;
  }
}

function sourceName(field: ConfigField, key: string): string {
  return field.env ?? (field.flags?.[0] ? `--${field.flags[0]}` : key);
}

/** Where each setting's raw text came from (variable or flag), for error messages. */
type Origins = Map<string, { readonly name: string; readonly text: string }>;

function readRaw(options: LoadConfigOptions, origins: Origins): Record<string, Record<string, unknown>> {
  const flags = parseFlags(options.argv ?? []);
  const raw: Record<string, Record<string, unknown>> = {};
  for (const [sectionName, section] of Object.entries(CONFIG_SECTIONS_BY_NAME)) {
    const values: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(section)) {
      const flag = field.flags?.find((name) => flags.has(name));
      const fromFlag = flag === undefined ? undefined : flags.get(flag);
      const fromEnv = field.env ? options.env[field.env] : undefined;
      const value = fromFlag ?? (fromEnv === '' ? undefined : fromEnv);
      if (value === undefined) continue;
      values[key] = parseStructured(field, value);
      origins.set(`/${sectionName}/${key}`, { name: fromFlag !== undefined ? `--${flag}` : sourceName(field, key), text: value });
    }
    raw[sectionName] = values;
  }
  return raw;
}

const MAX_SHOWN_CHARACTERS = 80;

/** The bad value as the line shows it: quoted, cut short, and masked when it is a secret. */
function shownValue(field: ConfigField, text: string): string {
  if (field.isSecret) return '"****" (secret, not shown)';
  const shown = text.length > MAX_SHOWN_CHARACTERS ? `${text.slice(0, MAX_SHOWN_CHARACTERS)}...` : text;
  return JSON.stringify(shown);
}

/** One line per setting ajv refused: the variable or flag, the value given and what is allowed. */
function describeAjvErrors(errors: readonly { instancePath: string; message?: string }[], origins: Origins): string[] {
  const lines = new Map<string, string>();
  for (const error of errors) {
    const [, section = '', key = ''] = error.instancePath.split('/');
    const path = `/${section}/${key}`;
    if (lines.has(path)) continue;
    const field = CONFIG_SECTIONS_BY_NAME[section]?.[key];
    const origin = origins.get(path);
    if (field === undefined || origin === undefined) {
      lines.set(path, `config${error.instancePath} ${error.message ?? 'is invalid'}`);
      continue;
    }
    lines.set(path, `${origin.name}=${shownValue(field, origin.text)} is not allowed: expected ${describeAllowed(field.schema)}`);
  }
  return [...lines.values()];
}

function checkServer(server: ServerConfig, problems: string[]): void {
  if (server.headersTimeoutMs <= server.keepAliveTimeoutMs) {
    problems.push('HEADERS_TIMEOUT_MS must be greater than KEEP_ALIVE_TIMEOUT_MS');
  }
}

/** Loads, validates and freezes the configuration; throws ConfigError listing every problem. */
export function loadConfig(options: LoadConfigOptions): Config {
  const origins: Origins = new Map();
  const raw = readRaw(options, origins);
  const ajv = createAjv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false });
  // ajv's type guard is the one narrowing here the compiler cannot see: the schema is built
  // from the same declarations ConfigValues is derived from, coerceTypes turns every value
  // into its schema's type and useDefaults fills every setting that has a default.
  const validate = ajv.compile<ConfigValues>(buildConfigSchema());
  const problems: string[] = [];
  if (!validate(raw)) {
    problems.push(...describeAjvErrors(validate.errors ?? [], origins));
    throw new ConfigError(problems);
  }
  const config: Config = {
    server: raw.server,
    gemini: resolveGeminiConfig(raw.gemini, problems),
    pipeline: raw.pipeline,
    llm: resolveLlmConfig(raw.llm, problems),
    jobs: raw.jobs,
    security: resolveSecurityConfig(raw.security, problems),
    monitoring: resolveMonitoringConfig(raw.monitoring, problems),
    observability: raw.observability,
  };
  checkServer(config.server, problems);
  checkMemoryBudget(config.server, config.jobs, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/** The text a start that failed on configuration prints: one line per problem. */
export function configProblemLines(error: ConfigError): string {
  return error.problems.map((problem) => `invalid configuration: ${problem}\n`).join('');
}

/** Secret values of a config (for log redaction). */
export function secretValues(config: Config): string[] {
  const secrets: string[] = [];
  const valuesBySection: Readonly<Record<string, Readonly<Record<string, unknown>>>> = config;
  for (const [sectionName, section] of Object.entries(CONFIG_SECTIONS_BY_NAME)) {
    const values = valuesBySection[sectionName] ?? {};
    for (const [key, field] of Object.entries(section)) {
      const value = values[key];
      if (field.isSecret && typeof value === 'string' && value.length > 0) secrets.push(value);
    }
  }
  return [...new Set(secrets)];
}
