/**
 * @module observability/gen-ai-metrics
 * The two OpenTelemetry GenAI client histograms, as a Prometheus exporter names them:
 * `gen_ai.client.operation.duration` → `gen_ai_client_operation_duration_seconds` and
 * `gen_ai.client.token.usage` → `gen_ai_client_token_usage`. The LLM metrics record
 * `generate_content` (one per upstream call), pipeline telemetry `invoke_agent` (one per
 * agent run) and `invoke_workflow` (one per request's whole pipeline) in the same duration
 * histogram, so both get it from here: a registry holds one of each.
 */
import { Histogram, type Registry } from 'prom-client';
import {
  GEN_AI_DURATION_BUCKETS_SECONDS,
  GEN_AI_TOKEN_BUCKETS,
  type GenAiOperationName,
  type GenAiProviderName,
} from './gen-ai-conventions.js';

export const GEN_AI_OPERATION_DURATION = 'gen_ai_client_operation_duration_seconds';
export const GEN_AI_TOKEN_USAGE = 'gen_ai_client_token_usage';

/** Attributes of one operation; optional ones are left off the series when absent. */
export interface GenAiOperationLabels {
  readonly operation: GenAiOperationName;
  readonly provider: GenAiProviderName;
  readonly requestModel?: string;
  readonly responseModel?: string;
  readonly agent?: string;
  /** `error.type`: set only when the operation failed. */
  readonly errorType?: string;
}

const LABEL_NAMES = [
  'gen_ai_operation_name',
  'gen_ai_provider_name',
  'gen_ai_request_model',
  'gen_ai_response_model',
  'gen_ai_agent_name',
  'error_type',
] as const;

/** Prometheus labels of an operation, without the absent ones. */
export function genAiLabels(labels: GenAiOperationLabels): Partial<Record<(typeof LABEL_NAMES)[number], string>> {
  return {
    gen_ai_operation_name: labels.operation,
    gen_ai_provider_name: labels.provider,
    ...(labels.requestModel === undefined ? {} : { gen_ai_request_model: labels.requestModel }),
    ...(labels.responseModel === undefined ? {} : { gen_ai_response_model: labels.responseModel }),
    ...(labels.agent === undefined ? {} : { gen_ai_agent_name: labels.agent }),
    ...(labels.errorType === undefined ? {} : { error_type: labels.errorType }),
  };
}

function existingOrNew<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** The registry's `gen_ai_client_operation_duration_seconds`, created on first use. */
export function genAiOperationDuration(registry: Registry): Histogram<(typeof LABEL_NAMES)[number]> {
  return existingOrNew(
    registry,
    GEN_AI_OPERATION_DURATION,
    () =>
      new Histogram({
        name: GEN_AI_OPERATION_DURATION,
        help: 'GenAI operation duration (OTel gen_ai.client.operation.duration): generate_content per upstream LLM call, invoke_agent per agent run, invoke_workflow per request pipeline.',
        labelNames: LABEL_NAMES,
        buckets: GEN_AI_DURATION_BUCKETS_SECONDS,
        registers: [registry],
      }),
  );
}

/** The registry's `gen_ai_client_token_usage` (billed input and output tokens per call), created on first use. */
export function genAiTokenUsage(registry: Registry): Histogram<(typeof LABEL_NAMES)[number] | 'gen_ai_token_type'> {
  return existingOrNew(
    registry,
    GEN_AI_TOKEN_USAGE,
    () =>
      new Histogram({
        name: GEN_AI_TOKEN_USAGE,
        help: 'Billed tokens per LLM call (OTel gen_ai.client.token.usage): gen_ai_token_type input (cached and tool-use included) or output (thinking included).',
        labelNames: [...LABEL_NAMES, 'gen_ai_token_type'],
        buckets: GEN_AI_TOKEN_BUCKETS,
        registers: [registry],
      }),
  );
}
