/**
 * @module observability/pipeline-telemetry
 * Turns the orchestrator's events into log lines and metrics. Token and cost metrics are
 * recorded per LLM call by the LLM layer (llm-metrics.ts), so nothing is counted twice here:
 * this module counts agent runs and episodes, and logs their outcomes. Agent runs and
 * whole requests are also GenAI operations (`invoke_agent`, `invoke_workflow`) in
 * `gen_ai_client_operation_duration_seconds`, beside the LLM layer's `generate_content`.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { GenAiProviderName } from './gen-ai-conventions.js';
import { genAiLabels, genAiOperationDuration } from './gen-ai-metrics.js';
import type { PipelineEvent, PipelineEventSink } from './pipeline-events.js';
import type { Logger } from './logger.js';

export interface CreatePipelineTelemetryOptions {
  readonly logger: Logger;
  readonly registry: Registry;
  /** `gen_ai_provider_name` of the agents' LLM calls (the configured backend). */
  readonly providerName: GenAiProviderName;
}

const DURATION_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300];

/** @example const onEvent = createPipelineTelemetry({ logger, registry: metrics.registry, providerName: 'gcp.gemini' }); */
export function createPipelineTelemetry({ logger, registry, providerName }: CreatePipelineTelemetryOptions): PipelineEventSink {
  const operations = genAiOperationDuration(registry);
  const agentRuns = new Counter({
    name: 'pipeline_agent_runs_total',
    help: 'Agent runs by agent, prompt version and outcome (ok, error, cancelled).',
    labelNames: ['agent', 'prompt_version', 'outcome'],
    registers: [registry],
  });
  const agentDuration = new Histogram({
    name: 'pipeline_agent_duration_seconds',
    help: 'Agent run duration in seconds, including retries and fallbacks.',
    labelNames: ['agent', 'outcome'],
    buckets: DURATION_BUCKETS_SECONDS,
    registers: [registry],
  });
  const episodes = new Counter({
    name: 'pipeline_episodes_total',
    help: 'Episodes analysed, by outcome (ok, partial, error, cancelled).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const episodeDuration = new Histogram({
    name: 'pipeline_episode_duration_seconds',
    help: 'Wall time of one episode (all agents, in parallel).',
    labelNames: ['outcome'],
    buckets: DURATION_BUCKETS_SECONDS,
    registers: [registry],
  });

  return function recordPipelineEvent(event: PipelineEvent): void {
    switch (event.type) {
      case 'agent-start':
        logger.debug('agent started', { agent: event.agent, episode_index: event.episodeIndex });
        return;
      case 'agent-error':
        logger.warn('agent failed', {
          agent: event.agent,
          episode_index: event.episodeIndex,
          episode_id: event.episodeId,
          code: event.code,
          retryable: event.retryable,
          error: event.error,
        });
        return;
      case 'agent-end':
        agentRuns.inc({ agent: event.agent, prompt_version: event.promptVersion, outcome: event.outcome });
        agentDuration.observe({ agent: event.agent, outcome: event.outcome }, event.durationMs / 1000);
        operations.observe(
          genAiLabels({
            operation: 'invoke_agent',
            provider: providerName,
            agent: event.agent,
            ...(event.modelId === undefined ? {} : { requestModel: event.modelId }),
            ...(event.outcome === 'ok' ? {} : { errorType: event.errorCode ?? event.outcome }),
          }),
          event.durationMs / 1000,
        );
        logger.info('agent finished', {
          agent: event.agent,
          episode_index: event.episodeIndex,
          outcome: event.outcome,
          duration_ms: Math.round(event.durationMs),
          model: event.modelVersion,
          fallback_model: event.fallbackModel,
          cache_hit: event.isCacheHit,
          input_tokens: event.usage?.inputTokens,
          output_tokens: event.usage?.outputTokens,
        });
        return;
      case 'context-cache':
        if (event.outcome === 'failed' || event.outcome === 'delete-failed') {
          logger.warn('context cache operation failed', {
            outcome: event.outcome,
            model: event.modelId,
            code: event.errorCode,
            error: event.error,
          });
        } else {
          logger.info(`context cache ${event.outcome}`, { model: event.modelId, chunk_index: event.chunkIndex, tokens: event.tokenCount });
        }
        return;
      case 'request-end':
        operations.observe(
          genAiLabels({
            operation: 'invoke_workflow',
            provider: providerName,
            ...(event.outcome === 'error' ? { errorType: event.errorCode ?? 'internal' } : {}),
          }),
          event.durationMs / 1000,
        );
        return;
      case 'episode-end':
        episodes.inc({ outcome: event.outcome });
        episodeDuration.observe({ outcome: event.outcome }, event.durationMs / 1000);
        return;
    }
  };
}
