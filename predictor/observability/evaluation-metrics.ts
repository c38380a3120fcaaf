/**
 * @module observability/evaluation-metrics
 * Prometheus metrics of model monitoring: online evaluation scores as histograms by score,
 * agent, model and prompt version (so two prompt versions can be compared side by side),
 * online evaluation outcomes, the judge's spend in the current rolling hour, and human
 * feedback stored by model, prompt version and rating, and feedback refused by reason. The
 * judge's own tokens and cost are counted by the LLM metrics under `agent="judge"`, not
 * again here.
 *
 * Labels stay bounded: model ids and prompt versions are checked against allow-lists from
 * config (anything else is `other`), scores and agents are fixed sets, ratings are 1-5.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What happened to a sampled request. */
export type OnlineEvaluationOutcome = 'judged' | 'checks_only' | 'over_budget' | 'judge_failed' | 'dropped' | 'failed';

export interface ScoreLabels {
  /** Score name, e.g. `groundedness`, `quote_accuracy`. */
  readonly score: string;
  readonly agent: string;
  readonly model: string;
  readonly promptVersion: string;
}

export interface EvaluationMetrics {
  observeScore(labels: ScoreLabels, value: number): void;
  countEvaluation(outcome: OnlineEvaluationOutcome): void;
  setJudgeSpendUsd(usdInWindow: number): void;
  countFeedback(labels: { readonly model: string; readonly promptVersion: string; readonly rating: number }): void;
  /** A payload-log event not delivered: `dropped` (sink backlog full) or `failed` (the sink refused it). */
  countPayloadLogLost(reason: 'dropped' | 'failed'): void;
}

/** Why a feedback was answered with an error instead of being stored. */
export type FeedbackRejectionReason = 'overloaded' | 'timeout' | 'sink_failed' | 'cancelled';

/** What the feedback service counts: stored feedback, and feedback it could not store. */
export interface FeedbackMetrics {
  /** One feedback record stored by the sink (or logged, with the sink off). */
  countFeedback(labels: { readonly model: string; readonly promptVersion: string; readonly rating: number }): void;
  countFeedbackRejected(reason: FeedbackRejectionReason): void;
}

export interface EvaluationMetricsOptions {
  readonly registry: Registry;
  /** Model ids and names allowed as label values (config tiers, the served model name). */
  readonly models?: readonly string[];
  /** Prompt versions allowed as label values (pipeline and judge versions). */
  readonly promptVersions?: readonly string[];
}

const SCORE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1];

function boundedBy(allowed: readonly string[] | undefined): (value: string) => string {
  if (allowed === undefined) return (value) => value;
  const known = new Set([...allowed, 'unknown', '']);
  return (value) => (known.has(value) ? value || 'unknown' : 'other');
}

/** @example const metrics = createEvaluationMetrics({ registry, models: ['gemini-3.1-flash-lite'], promptVersions: ['v1', 'v2'] }); */
export function createEvaluationMetrics({
  registry,
  models,
  promptVersions,
}: EvaluationMetricsOptions): EvaluationMetrics & FeedbackMetrics {
  const model = boundedBy(models);
  const promptVersion = boundedBy(promptVersions);
  const registers = [registry];
  const scores = new Histogram({
    name: 'evaluation_score',
    help: 'Online evaluation scores (0-1) per judged episode: judge groundedness, hallucination rate, verdict consistency, relevance, and deterministic check pass rates.',
    labelNames: ['score', 'agent', 'model', 'prompt_version'] as const,
    buckets: SCORE_BUCKETS,
    registers,
  });
  const evaluations = new Counter({
    name: 'online_evaluations_total',
    help: 'Sampled requests by outcome: judged, checks_only (nothing for the judge), over_budget (spend cap: checks only), judge_failed, dropped (backlog full), failed.',
    labelNames: ['outcome'] as const,
    registers,
  });
  const spend = new Gauge({
    name: 'online_evaluation_judge_spend_usd',
    help: 'Judge spend of the online evaluator in the current rolling hour, in USD.',
    registers,
  });
  const feedback = new Counter({
    name: 'feedback_total',
    help: 'Human feedback stored by the feedback sink, by model, the prompt version that produced the output, and rating (1-5).',
    labelNames: ['model', 'prompt_version', 'rating'] as const,
    registers,
  });
  const feedbackRejected = new Counter({
    name: 'feedback_rejected_total',
    help: 'Feedback answered with an error instead of being stored, by reason: overloaded (backlog full), timeout (sink too slow; may still be stored), sink_failed, cancelled (caller gone, deadline or shutdown).',
    labelNames: ['reason'] as const,
    registers,
  });
  const payloadLogLost = new Counter({
    name: 'payload_log_events_lost_total',
    help: 'Payload-log CloudEvents not delivered, by reason: dropped (sink backlog full; logging never slows an inference) or failed.',
    labelNames: ['reason'] as const,
    registers,
  });
  return {
    countPayloadLogLost: (reason) => payloadLogLost.inc({ reason }),
    observeScore: (labels, value) =>
      scores.observe(
        { score: labels.score, agent: labels.agent, model: model(labels.model), prompt_version: promptVersion(labels.promptVersion) },
        value,
      ),
    countEvaluation: (outcome) => evaluations.inc({ outcome }),
    setJudgeSpendUsd: (usd) => spend.set(usd),
    countFeedback: (labels) =>
      feedback.inc({ model: model(labels.model), prompt_version: promptVersion(labels.promptVersion), rating: String(labels.rating) }),
    countFeedbackRejected: (reason) => feedbackRejected.inc({ reason }),
  };
}
