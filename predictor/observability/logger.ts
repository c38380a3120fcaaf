/**
 * @module observability/logger
 * The 4-method Logger every module depends on, and its implementation: one JSON line per
 * entry on stdout, the request id of the current request added from AsyncLocalStorage, and
 * a redaction hook applied to every line (secrets never reach a log). Written directly, not
 * through a logging library: a request logs several lines, and a library's format pipeline
 * (a copy of the entry per step) cost more than the rest of the line's work.
 */
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
  /**
   * Gathers the debug and info lines of one turn of the event loop into one write (the server
   * sets it: a request logs several lines, and a write to a pipe is a system call each). A warn
   * or error line is written at once, after the lines before it. The process calls `flush` on
   * exit (main.ts). An end that runs no code loses the debug and info lines of the turn it
   * interrupts (less than a millisecond of them): SIGKILL and the OOM killer, V8's own abort at
   * its heap limit, `process.abort()`, or a signal before main.ts installs its handlers.
   */
  readonly batchWrites?: boolean;
}

/** Causes followed below a logged error; a cause chain may loop. */
const MAX_CAUSE_DEPTH = 8;

/** Serialises errors as name/message/code/stack, without their causes' secrets. */
function errorFields(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = { name: error.name, message: error.message, stack: error.stack };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) fields.code = code;
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) fields.cause = errorFields(error.cause, depth + 1);
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

const SEVERITY: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * The entry as JSON. A value JSON.stringify cannot write (a cycle, a BigInt) must not lose
 * the line: it is written again with cycles as "[Circular]" and BigInts as strings.
 */
function serialise(entry: Record<string, unknown>): string {
  try {
    return JSON.stringify(entry);
  } catch {
    try {
      return serialiseDefensively(entry);
    } catch (error) {
      // A getter or toJSON that throws on every read: the line says so rather than vanish.
      const { level, message, timestamp } = entry;
      return JSON.stringify({ level, message, timestamp, log_error: `fields could not be written: ${String(error)}` });
    }
  }
}

function serialiseDefensively(entry: Record<string, unknown>): string {
  const ancestors: object[] = [];
  return JSON.stringify(entry, function (this: object, _key, value: unknown) {
    if (typeof value === 'bigint') return value.toString();
    if (value === null || typeof value !== 'object') return value;
    // `this` is the object holding `value`: drop the ancestors the walk has left.
    while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
    if (ancestors.includes(value)) return '[Circular]';
    ancestors.push(value);
    return value;
  });
}

/** The logger `createLogger` returns: `flush` writes the lines gathered by `batchWrites` now. */
export interface RootLogger extends Logger {
  flush(): void;
}

/** Creates the logger used in production and component tests. */
export function createLogger({
  level,
  redact = (line) => line,
  stream = process.stdout,
  defaultFields = {},
  batchWrites = false,
}: CreateLoggerOptions): RootLogger {
  const threshold = SEVERITY[level];
  const batcher = batchWrites ? createLineBatcher(stream) : undefined;
  const emit = batcher?.emit ?? ((line: string) => stream.write(line));
  const loggerWith = (bound: Record<string, unknown>): Logger => {
    const write = (entryLevel: LogLevel, message: string, fields: LogFields | undefined): void => {
      // Checked before anything is built: a disabled level costs nothing.
      if (SEVERITY[entryLevel] < threshold) return;
      // Call fields over the child's; the service's own and the request context over both,
      // so no field can pass for another request's id.
      const entry = {
        ...bound,
        ...normaliseFields(fields),
        ...defaultFields,
        ...currentLogFields(),
        level: entryLevel,
        message,
        timestamp: new Date().toISOString(),
      };
      // Redacts the final line once: cheaper than walking fields, and catches secrets wherever
      // they ended up (a message, a nested error cause, a header value).
      emit(`${redact(serialise(entry))}\n`, SEVERITY[entryLevel] >= SEVERITY.warn);
    };
    return {
      debug: (message, fields) => write('debug', message, fields),
      info: (message, fields) => write('info', message, fields),
      warn: (message, fields) => write('warn', message, fields),
      error: (message, fields) => write('error', message, fields),
      child: (fields) => loggerWith({ ...bound, ...normaliseFields(fields) }),
    };
  };
  return { ...loggerWith({}), flush: () => batcher?.flush() };
}

/** Writes lines to `stream` once per turn of the event loop, urgent ones at once (see `batchWrites`). */
function createLineBatcher(stream: NodeJS.WritableStream) {
  const pending: string[] = [];
  let isScheduled = false;
  const flush = (): void => {
    isScheduled = false;
    if (pending.length === 0) return;
    const chunk = pending.join('');
    pending.length = 0;
    stream.write(chunk);
  };
  const emit = (line: string, isUrgent: boolean): void => {
    pending.push(line);
    if (isUrgent) flush();
    else if (!isScheduled) {
      isScheduled = true;
      setImmediate(flush);
    }
  };
  return { emit, flush };
}

/** A logger that drops everything (unit tests that do not assert on logs). */
export function createSilentLogger(): Logger {
  const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
  return silent;
}
