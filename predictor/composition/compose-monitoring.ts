/**
 * @module composition/compose-monitoring
 * Builds the monitoring layer from config, for the server's composition root: evaluation
 * metrics, the call recorder and online evaluator (with the judge on the server's own LLM
 * provider), the prompt-version split, feedback (service, sink, bounded request-id →
 * prompt-version memory) and KServe-style payload logging. The model decorators' parts are
 * handed out, not applied: composeModel wraps the served model in all of them, limits
 * included, in one place. The HTTP pieces (feedback router, trace middleware) and trace
 * set-up stay with the caller.
 */
import type { Config } from '../config/config-schema.js';
import { PII_KINDS } from '../config/sections/security-config.js';
import type { WithPromptSplitOptions } from '../dataplane/decorators/with-prompt-split.js';
import { createBackgroundDelivery, type BackgroundDelivery } from '../observability/cloud-events/background-delivery.js';
import { createCloudEventSink } from '../observability/cloud-events/create-cloud-event-sink.js';
import { createFeedbackService, type FeedbackService } from '../feedback/feedback-service.js';
import { createGroupCommit } from '../observability/cloud-events/group-commit.js';
import { createRecentRequests } from '../feedback/recent-requests.js';
import type { LanguageModelProvider } from '../llm/language-model.js';
import type { Usage } from '../contract/usage.js';
import { createEvaluationMetrics, type EvaluationMetrics } from '../observability/evaluation-metrics.js';
import type { Logger } from '../observability/logger.js';
import type { MetricsRegistry } from '../observability/metrics-registry.js';
import { createPayloadLogger, createPayloadRedactor, type PayloadLogger } from '../dataplane/decorators/payload-logger.js';
import { AGENT_NAMES } from '../pipeline/agent.js';
import type { Episode } from '../pipeline/episode.js';
import { PROMPT_VERSIONS } from '../pipeline/prompts/prompt-registry.js';
import type { Guardrails } from '../pipeline/guardrails/create-guardrails.js';
import { createCallRecorder } from '../evaluation/call-recorder.js';
import { createJudge } from '../evaluation/create-judge.js';
import { judgeModelId } from '../evaluation/judge-model-id.js';
import { JUDGE_PROMPT_VERSIONS } from '../evaluation/judge-prompt.js';
import { createOnlineEvaluator, type OnlineEvaluator } from '../evaluation/online-evaluator.js';
import { modelIdsByTier } from '../config/sections/gemini-config.js';

export interface Monitoring {
  /** The provider to give the pipeline: records the calls of sampled requests. */
  wrapProvider(provider: LanguageModelProvider): LanguageModelProvider;
  /** For composeModel: absent when no payload-log sink is configured. */
  readonly payloadLogger?: PayloadLogger;
  /** For composeModel: the configured split; feedback learns the version that answered. */
  readonly promptSplit: Omit<WithPromptSplitOptions, 'model'>;
  readonly feedbackService: FeedbackService;
  readonly evaluator: OnlineEvaluator;
  readonly metrics: EvaluationMetrics;
  /** After the server drained: waits (at most `timeoutMs`) for feedback writes, evaluations and deliveries, then closes the sinks. */
  close(timeoutMs?: number): Promise<void>;
}

export interface ComposeMonitoringOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** The server's registry (served on /metrics). */
  readonly registry: MetricsRegistry['registry'];
  /** The server's wrapped LLM provider; the judge calls go through it (agent label `judge`). */
  readonly provider: LanguageModelProvider;
  readonly costOf: (usage: Usage, modelVersion: string) => number | undefined;
  /** Secret values to redact from payload logs and feedback comments. */
  readonly secrets: readonly string[];
  readonly now: () => number;
  readonly random: () => number;
  readonly generateId: () => string;
  readonly fetch?: typeof fetch;
  /** The pipeline's input screening: the judge sees the episode as the agents were sent it. */
  readonly guardrails?: Pick<Guardrails, 'screenInput'>;
}

interface Stream {
  readonly delivery: BackgroundDelivery;
  close(): Promise<void>;
}

function streamTo(
  url: string,
  stream: string,
  logger: Logger,
  fetchImpl: typeof fetch | undefined,
  onLost: (reason: 'dropped' | 'failed') => void,
): Stream | undefined {
  const sink = createCloudEventSink({ url, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  if (sink === undefined) return undefined;
  logger.info('cloudevent sink ready', { stream, sink: sink.kind });
  const delivery = createBackgroundDelivery({ sink, logger, stream, onLost });
  return {
    delivery,
    async close() {
      await delivery.flush();
      await sink.close();
    },
  };
}

/** @example const monitoring = composeMonitoring({ config, logger, registry, provider: llm.provider, costOf: llm.costOf, secrets, now, random, generateId: randomUUID }); */
export function composeMonitoring(options: ComposeMonitoringOptions): Monitoring {
  const { config, logger, now, guardrails } = options;
  const { monitoring, gemini, server } = config;
  const modelIds = Object.values(modelIdsByTier(gemini));
  const metrics = createEvaluationMetrics({
    registry: options.registry,
    models: [...modelIds, server.modelName],
    promptVersions: [...PROMPT_VERSIONS, ...JUDGE_PROMPT_VERSIONS],
  });
  const recorder = createCallRecorder();
  const judge = createJudge({
    models: options.provider,
    modelId: judgeModelId(config),
    promptVersion: monitoring.judgePromptVersion,
    costOf: options.costOf,
  });
  const evaluator = createOnlineEvaluator({
    recorder,
    judge,
    sampleRate: monitoring.onlineEvalSampleRate,
    maxUsdPerHour: monitoring.onlineEvalMaxUsdPerHour,
    metrics,
    logger: logger.child({ component: 'online-evaluation' }),
    maxEpisodesPerRequest: config.pipeline.maxEpisodesPerRequest,
    now,
    random: options.random,
    ...(guardrails
      ? {
          screen: async (episode: Episode) => {
            const screening = await guardrails.screenInput(episode, AGENT_NAMES);
            return screening.mayLeave ? screening.episode : undefined;
          },
        }
      : {}),
  });
  const redact = createPayloadRedactor({ piiKinds: PII_KINDS, secrets: options.secrets });
  const recentRequests = createRecentRequests();
  // Feedback is acknowledged only once stored: group commit, not background delivery.
  const feedbackSink = createCloudEventSink({
    url: monitoring.feedbackSink,
    timeoutMs: monitoring.feedbackWriteTimeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (feedbackSink) logger.info('cloudevent sink ready', { stream: 'feedback', sink: feedbackSink.kind });
  const feedbackCommit = feedbackSink && createGroupCommit({ sink: feedbackSink, maxPending: monitoring.feedbackMaxPending });
  const payloadStream = streamTo(monitoring.payloadLogSink, 'payload', logger, options.fetch, metrics.countPayloadLogLost);
  const feedbackService = createFeedbackService({
    isKnownModel: (name) => name === server.modelName,
    recentRequests,
    ...(feedbackCommit ? { store: feedbackCommit } : {}),
    writeTimeoutMs: monitoring.feedbackWriteTimeoutMs,
    metrics,
    logger,
    redact: createPayloadRedactor({ piiKinds: config.security.guardrailPiiKinds, secrets: options.secrets }),
    generateId: options.generateId,
    now,
  });
  const payloadLogger = payloadStream ? createPayloadLogger({ delivery: payloadStream.delivery, redact, now }) : undefined;

  return {
    wrapProvider: (provider) => recorder.wrapProvider(provider),
    ...(payloadLogger ? { payloadLogger } : {}),
    promptSplit: { split: monitoring.promptVersionSplit, knownVersions: PROMPT_VERSIONS, onAnswered: recentRequests.remember },
    feedbackService,
    evaluator,
    metrics,
    async close(timeoutMs = 5000) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      const pending = Promise.all([feedbackCommit?.close(), evaluator.idle().then(() => payloadStream?.close())]);
      await Promise.race([pending, deadline]);
      clearTimeout(timer);
    },
  };
}
