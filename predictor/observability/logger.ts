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

/** winston's key for the serialised line (triple-beam's MESSAGE). */
const MESSAGE = Symbol.for('message');

/** Creates the winston-backed logger used in production and component tests. */
export function createLogger({ level, redact = (line) => line, stream, defaultFields = {} }: CreateLoggerOptions): Logger {
  const addContext = winston.format((info) => Object.assign(info, currentLogFields()));
  // Redacts the final line once: cheaper than walking fields, and catches secrets wherever
  // they ended up (a message, a nested error cause, a header value).
  const redactLine = winston.format((info) => {
    const record = info as unknown as Record<symbol, unknown>;
    const line = record[MESSAGE];
    if (typeof line === 'string') record[MESSAGE] = redact(line);
    return info;
  });
  const base = winston.createLogger({
    level,
    defaultMeta: defaultFields,
    format: winston.format.combine(winston.format.timestamp(), addContext(), winston.format.json(), redactLine()),
    transports: [stream ? new winston.transports.Stream({ stream }) : new winston.transports.Console()],
  });
  return wrapWinston(base);
}

function wrapWinston(target: winston.Logger): Logger {
  // winston formats every line before its transports drop disabled levels: check first.
  const write = (level: LogLevel, message: string, fields: LogFields | undefined): void => {
    if (target.isLevelEnabled(level)) target.log(level, message, normaliseFields(fields));
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (fields) => wrapWinston(target.child(normaliseFields(fields))),
  };
}

/** A logger that drops everything (unit tests that do not assert on logs). */
export function createSilentLogger(): Logger {
  const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
  return silent;
}
