/**
 * @module test/fakes/collecting-logger
 * A Logger that records every line (with the current log context, as the production logger
 * adds it) so tests can assert on what was logged.
 */
import { currentLogFields } from '../../predictor/observability/log-context.js';
import type { LogFields, LogLevel, Logger } from '../../predictor/observability/logger.js';

export interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
  /** Context fields (e.g. request_id), child fields and call fields, merged in that order. */
  readonly fields: Readonly<Record<string, unknown>>;
}

export class CollectingLogger implements Logger {
  readonly lines: LogLine[];
  private readonly boundFields: LogFields;

  constructor(lines: LogLine[] = [], boundFields: LogFields = {}) {
    this.lines = lines;
    this.boundFields = boundFields;
  }

  debug(message: string, fields?: LogFields): void {
    this.record('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.record('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.record('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.record('error', message, fields);
  }
  child(fields: LogFields): Logger {
    return new CollectingLogger(this.lines, { ...this.boundFields, ...fields });
  }

  /** Lines whose message equals `message`. */
  withMessage(message: string): LogLine[] {
    return this.lines.filter((line) => line.message === message);
  }

  private record(level: LogLevel, message: string, fields: LogFields = {}): void {
    this.lines.push({ level, message, fields: { ...currentLogFields(), ...this.boundFields, ...fields } });
  }
}
