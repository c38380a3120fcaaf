/**
 * @module llm/middleware/with-tracing
 * OpenTelemetry spans around model calls with the GenAI semantic-convention attributes
 * (`gen_ai.operation.name`, `gen_ai.provider.name`, `gen_ai.request.model`,
 * `gen_ai.response.model`, `gen_ai.usage.*`, `gen_ai.agent.name`; never the deprecated
 * `gen_ai.system`). Placed outermost with `operation: 'invoke_agent'` it gives one INTERNAL
 * span per agent call, `invoke_agent {gen_ai.agent.name}`; placed innermost with
 * `operation: 'generate_content'` one CLIENT span per upstream attempt,
 * `generate_content {gen_ai.request.model}`, nested inside. The span
 * is made current while the call runs, so inner spans and the SDK's own nest under it.
 *
 * No prompt or output text goes on a span. Errors record their stable `code` only, since
 * upstream messages may carry request content. Without an OTel SDK registered every span
 * is a no-op and attributes are not computed.
 */
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Tracer } from '@opentelemetry/api';
import { PredictorError } from '../../errors.js';
import type { GenerateRequest, GenerateResult, LanguageModelMiddleware } from '../language-model.js';
import { billedOutputTokens } from '../../contract/usage.js';
import type { GenAiProviderName } from '../../observability/gen-ai-conventions.js';

export type TracedOperation = 'generate_content' | 'invoke_agent';

export interface WithTracingOptions {
  readonly tracer: Tracer;
  readonly operation?: TracedOperation;
  /** `gen_ai.provider.name`: `gcp.gemini` (Gemini API) or `gcp.vertex_ai`. */
  readonly providerName: GenAiProviderName;
}

function requestAttributes(request: GenerateRequest, modelId: string, operation: TracedOperation, providerName: string): Attributes {
  return {
    'gen_ai.operation.name': operation,
    'gen_ai.provider.name': providerName,
    'gen_ai.request.model': modelId,
    ...(request.temperature === undefined ? {} : { 'gen_ai.request.temperature': request.temperature }),
    ...(request.maxOutputTokens === undefined ? {} : { 'gen_ai.request.max_tokens': request.maxOutputTokens }),
    ...(request.seed === undefined ? {} : { 'gen_ai.request.seed': request.seed }),
    ...(request.labels?.agent ? { 'gen_ai.agent.name': request.labels.agent } : {}),
    ...(request.labels?.prompt_version ? { 'app.prompt.version': request.labels.prompt_version } : {}),
    ...(request.useGoogleSearch ? { 'app.google_search': true } : {}),
  };
}

function resultAttributes(result: GenerateResult): Attributes {
  const { usage } = result;
  return {
    'gen_ai.response.model': result.modelVersion,
    'gen_ai.response.finish_reasons': [result.finishReason],
    ...(result.responseId ? { 'gen_ai.response.id': result.responseId } : {}),
    ...(usage.inputTokens === undefined ? {} : { 'gen_ai.usage.input_tokens': usage.inputTokens }),
    ...(usage.outputTokens === undefined && usage.thoughtsTokens === undefined
      ? {}
      : { 'gen_ai.usage.output_tokens': billedOutputTokens(usage) }),
    ...(usage.cachedInputTokens === undefined ? {} : { 'gen_ai.usage.cache_read.input_tokens': usage.cachedInputTokens }),
    ...(usage.thoughtsTokens === undefined ? {} : { 'gen_ai.usage.reasoning.output_tokens': usage.thoughtsTokens }),
    ...(result.isCacheHit ? { 'app.cache_hit': true } : {}),
    ...(result.fallbackModel ? { 'app.fallback_model': result.fallbackModel } : {}),
  };
}

/** @example wrapModel({ model, middleware: [withTracing({ tracer, providerName: 'gcp.gemini', operation: 'invoke_agent' }), ...] }) */
export function withTracing({ tracer, operation = 'generate_content', providerName }: WithTracingOptions): LanguageModelMiddleware {
  return (model) => ({
    async generate(request, options) {
      // Semconv: `invoke_agent` alone when the agent's name is not known.
      const agentName = request.labels?.agent;
      const name =
        operation === 'generate_content' ? `generate_content ${model.modelId}` : agentName ? `invoke_agent ${agentName}` : 'invoke_agent';
      const span = tracer.startSpan(name, { kind: operation === 'generate_content' ? SpanKind.CLIENT : SpanKind.INTERNAL });
      if (span.isRecording()) span.setAttributes(requestAttributes(request, model.modelId, operation, providerName));
      try {
        const result = await context.with(trace.setSpan(context.active(), span), () => model.generate(request, options));
        if (span.isRecording()) span.setAttributes(resultAttributes(result));
        return result;
      } catch (error) {
        const code = error instanceof PredictorError ? error.code : 'internal';
        span.setAttribute('error.type', code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: code });
        throw error;
      } finally {
        span.end();
      }
    },
  });
}
