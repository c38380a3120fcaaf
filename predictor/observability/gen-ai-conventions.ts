/**
 * @module observability/gen-ai-conventions
 * The OpenTelemetry GenAI semantic conventions this service follows (semantic-conventions
 * v1.41, the last release that carried them before they moved to a repository of their
 * own; stability "Development"): the well-known values we use and the advisory buckets.
 * Metric label names are the attribute names as Prometheus exporters write them (dots
 * become underscores).
 *
 * `OTEL_SEMCONV_STABILITY_OPT_IN`: the spec lets an instrumentation keep emitting its
 * previous version unless `gen_ai_latest_experimental` is listed. Our previous output
 * carried the deprecated `gen_ai.system`, which this service no longer emits at all, so
 * the latest experimental version is what it emits with or without that value; there is
 * no older version to opt out to (docs/observability.md).
 */

/** `gen_ai.operation.name` values: one LLM call, one agent run, one request's whole pipeline. */
export type GenAiOperationName = 'generate_content' | 'invoke_agent' | 'invoke_workflow';

/** `gen_ai.provider.name` well-known values for Google's two Gemini endpoints. */
export type GenAiProviderName = 'gcp.gemini' | 'gcp.vertex_ai';

/**
 * `gen_ai.provider.name` of an LLM backend. The emulator speaks the Gemini API
 * (generativelanguage wire format), so it is reported as `gcp.gemini`.
 */
export function genAiProviderNameOf(backend: 'gemini' | 'vertex' | 'emulator'): GenAiProviderName {
  return backend === 'vertex' ? 'gcp.vertex_ai' : 'gcp.gemini';
}

/** OTel's advisory buckets for `gen_ai.client.operation.duration`, extended by doubling to cover agent and pipeline runs (minutes). */
export const GEN_AI_DURATION_BUCKETS_SECONDS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92, 163.84, 327.68, 655.36,
];

/** OTel's advisory buckets for `gen_ai.client.token.usage`. */
export const GEN_AI_TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
