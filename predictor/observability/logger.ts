/**
 * @module observability/logger
 * The 4-method Logger every module depends on, and its winston implementation: JSON lines
 * on stdout, the request id of the current request added from AsyncLocalStorage, and a
 * redaction hook applied to every line (secrets never reach a log).
 */
import winston from 'winston';
import { currentLogFields } from './log-context.js';

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface CreateLoggerOptions {
  readonly level: LogLevel;
  /** Applied to the serialised line; removes secrets. Identity by default. */
  readonly redact?: (line: string) => string;
  /** Where lines go; stdout by default. Tests pass a collecting stream. */
  readonly stream?: NodeJS.WritableStream;
  /** Static fields on every line (service name, version). */
  readonly defaultFields?: LogFields;
}

/** Serialises errors as name/message/code/stack, without their causes' secrets. */
function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) fields.code = code;
  if (error.cause !== undefined) fields.cause = errorFields(error.cause);
  return fields;
}

function normaliseFields(fields: LogFields | undefined): Record<string, unknown> {
  if (fields === undefined) return {};
  const normalised: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    normalised[key] = value instanceof Error ? errorFields(value) : value;
  }
  return normalised;
}

/** Creates the winston-backed logger used in production and component tests. */
export function createLogger({ level, redact = (line) => line, stream, defaultFields = {} }: CreateLoggerOptions): Logger {
  const redactLine = winston.format((info) => {
    const line = JSON.stringify({ ...info, ...currentLogFields() });
    const redacted = JSON.parse(redact(line)) as Record<string, unknown>;
    return Object.assign(info, redacted);
  });
  const base = winston.createLogger({
    level,
    defaultMeta: defaultFields,
    format: winston.format.combine(winston.format.timestamp(), redactLine(), winston.format.json()),
    transports: [stream ? new winston.transports.Stream({ stream }) : new winston.transports.Console()],
  });
  return wrapWinston(base);
}

function wrapWinston(target: winston.Logger): Logger {
  return {
    debug: (message, fields) => target.debug(message, normaliseFields(fields)),
    info: (message, fields) => target.info(message, normaliseFields(fields)),
    warn: (message, fields) => target.warn(message, normaliseFields(fields)),
    error: (message, fields) => target.error(message, normaliseFields(fields)),
    child: (fields) => wrapWinston(target.child(normaliseFields(fields))),
  };
}

/** A logger that drops everything (unit tests that do not assert on logs). */
export function createSilentLogger(): Logger {
  const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
  return silent;
}
