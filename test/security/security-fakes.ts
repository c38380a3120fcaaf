/**
 * Doubles for security tests: a logger and metrics that record what they were given.
 */
import type { LogFields, Logger } from '../../predictor/observability/logger.js';
import type { SecurityMetrics } from '../../predictor/observability/security-metrics.js';

export interface LogRecord {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: LogFields;
}

export function createRecordingLogger(records: LogRecord[] = [], base: LogFields = {}): Logger & { records: LogRecord[] } {
  const write =
    (level: LogRecord['level']) =>
    (message: string, fields: LogFields = {}) => {
      records.push({ level, message, fields: { ...base, ...fields } });
    };
  return {
    records,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) => createRecordingLogger(records, { ...base, ...fields }),
  };
}

export function createRecordingMetrics(): SecurityMetrics & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    authDecision: (step, outcome) => calls.push(`auth ${step} ${outcome}`),
    rateLimitDecision: (limit, outcome) => calls.push(`limit ${limit} ${outcome}`),
    guardrailDecision: (agent, guardrail, verdict) => calls.push(`guardrail ${agent} ${guardrail} ${verdict}`),
  };
}
