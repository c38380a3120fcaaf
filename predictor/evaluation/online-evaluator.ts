/**
 * @module evaluation/online-evaluator
 * Online evaluation of live traffic: a sampled request's LLM calls are recorded while it
 * runs; once it has answered, its episodes are checked and judged in the background, one
 * at a time, never on the response path. Judge spend over any rolling hour is capped:
 * past the cap only the free deterministic checks run. Results become `evaluation_score`
 * histograms (by score, agent, model, prompt version) and one log line per episode that
 * carries numbers and ids only, never transcript or output text.
 */
import { yieldToEventLoop } from '../clock.js';
import type { ModelRequest, ModelResponse } from '../contract/tensor.js';
import type { EvaluationMetrics, OnlineEvaluationOutcome } from '../observability/evaluation-metrics.js';
import type { Logger } from '../observability/logger.js';
import { decodeEpisode } from '../pipeline/decode-episode.js';
import type { Episode } from '../pipeline/episode.js';
import { readEpisodeElements } from '../pipeline/episode-tensor.js';
import type { CallRecorder, RecordedCall } from './call-recorder.js';
import type { Judge } from './create-judge.js';
import { agentOutputsOf, buildEvaluationSubject, type EvaluationSubject } from './evaluation-subject.js';
import { evaluateSubject, type SubjectEvaluation } from './evaluate-subject.js';
import { createSpendWindow } from './spend-window.js';

/** A sampled request that has been answered. */
export interface SampledPrediction {
  readonly modelName: string;
  readonly requestId: string;
  readonly request: ModelRequest;
  readonly response: ModelResponse;
  readonly calls: readonly RecordedCall[];
}

export interface OnlineEvaluator {
  /** Whether to evaluate this request (decided before it runs, so its calls can be recorded). */
  isSampled(): boolean;
  record: CallRecorder['record'];
  /** Queues the prediction and returns at once; a full backlog drops it. */
  submit(prediction: SampledPrediction): void;
  /** Resolves when the backlog is empty (tests, shutdown). */
  idle(): Promise<void>;
}

export interface OnlineEvaluatorOptions {
  readonly recorder: CallRecorder;
  /** Absent: deterministic checks only. */
  readonly judge?: Judge;
  /** Share of requests sampled, 0-1. */
  readonly sampleRate: number;
  readonly maxUsdPerHour: number;
  readonly metrics: EvaluationMetrics;
  readonly logger: Logger;
  readonly maxEpisodesPerRequest: number;
  /** Sampled predictions waiting to be evaluated; more are dropped. */
  readonly maxBacklog?: number;
  readonly judgeTimeoutMs?: number;
  readonly now: () => number;
  readonly random: () => number;
  /**
   * The episode as the pipeline sent it upstream (PII-redacted), or undefined when nothing of
   * it may leave; the judge is an outbound call too. Absent: the decoded episode.
   */
  readonly screen?: (episode: Episode) => Promise<Episode | undefined>;
  /** Called after each episode is evaluated (tests). */
  readonly onEvaluated?: (evaluation: SubjectEvaluation, subject: EvaluationSubject) => void;
}

/** @example const evaluator = createOnlineEvaluator({ recorder, judge, sampleRate: 0.05, maxUsdPerHour: 1, metrics, logger, maxEpisodesPerRequest: 16, now: Date.now, random: Math.random }); */
export function createOnlineEvaluator(options: OnlineEvaluatorOptions): OnlineEvaluator {
  const { recorder, judge, metrics, logger, now, maxBacklog = 8, judgeTimeoutMs = 120_000 } = options;
  const spend = createSpendWindow({ windowMs: 3_600_000, now });
  const backlog: SampledPrediction[] = [];
  let draining: Promise<void> | undefined;

  async function evaluateEpisode(
    prediction: SampledPrediction,
    subject: EvaluationSubject,
    episodeIndex: number,
  ): Promise<OnlineEvaluationOutcome> {
    const estimateUsd = judge?.estimateCostUsd(subject) ?? 0;
    const isOverBudget = judge !== undefined && spend.totalUsd() + estimateUsd > options.maxUsdPerHour;
    const evaluation = await evaluateSubject({
      subject,
      ...(judge === undefined || isOverBudget ? {} : { judge, signal: AbortSignal.timeout(judgeTimeoutMs) }),
    });
    if (evaluation.judge !== undefined) spend.add(evaluation.judge.costUsd ?? estimateUsd);
    metrics.setJudgeSpendUsd(spend.totalUsd());
    for (const score of evaluation.scores) {
      const model = score.agent === 'pipeline' ? prediction.modelName : (subject.models[score.agent] ?? 'unknown');
      metrics.observeScore({ score: score.name, agent: score.agent, model, promptVersion: subject.promptVersion }, score.value);
    }
    const outcome: OnlineEvaluationOutcome = isOverBudget
      ? 'over_budget'
      : evaluation.judgeError !== undefined
        ? 'judge_failed'
        : evaluation.judge !== undefined
          ? 'judged'
          : 'checks_only';
    logger.info('online evaluation', {
      request_id: prediction.requestId,
      episode_index: episodeIndex,
      prompt_version: subject.promptVersion,
      outcome,
      judge_model: evaluation.judge?.modelVersion,
      judge_prompt_version: evaluation.judge?.promptVersion,
      judge_cost_usd: evaluation.judge?.costUsd,
      judge_error: evaluation.judgeError?.code,
      scores: Object.fromEntries(evaluation.scores.map((score) => [`${score.agent}.${score.name}`, Number(score.value.toFixed(4))])),
      check_failures: evaluation.checks.reduce((sum, check) => sum + check.failures.length, 0),
    });
    options.onEvaluated?.(evaluation, subject);
    return outcome;
  }

  async function evaluatePrediction(prediction: SampledPrediction): Promise<void> {
    const { request, response, calls } = prediction;
    const promptVersion = String(response.parameters?.prompt_version ?? 'unknown');
    const elements = readEpisodeElements(request, options.maxEpisodesPerRequest);
    const outcomes: OnlineEvaluationOutcome[] = [];
    for (const [index, element] of elements.entries()) {
      const decoded = decodeEpisode(element as Uint8Array | string, index);
      const episode = options.screen ? await options.screen(decoded) : decoded;
      if (episode === undefined) {
        outcomes.push('checks_only');
        continue;
      }
      const subject = buildEvaluationSubject({ episode, promptVersion, outputs: agentOutputsOf(response, index), calls });
      outcomes.push(await evaluateEpisode(prediction, subject, index));
    }
    // One outcome per request: the worst an episode had.
    const order: OnlineEvaluationOutcome[] = ['judge_failed', 'over_budget', 'judged', 'checks_only'];
    metrics.countEvaluation(order.find((outcome) => outcomes.includes(outcome)) ?? 'checks_only');
  }

  async function drain(): Promise<void> {
    // Start on a later turn of the event loop: the response is written first.
    await yieldToEventLoop();
    for (let prediction = backlog.shift(); prediction !== undefined; prediction = backlog.shift()) {
      try {
        await evaluatePrediction(prediction);
      } catch (error) {
        metrics.countEvaluation('failed');
        logger.warn('online evaluation failed', { request_id: prediction.requestId, error });
      }
    }
    draining = undefined;
  }

  return {
    isSampled: () => options.sampleRate > 0 && options.random() < options.sampleRate,
    record: (work) => recorder.record(work),
    submit(prediction) {
      if (backlog.length >= maxBacklog) {
        metrics.countEvaluation('dropped');
        return;
      }
      backlog.push(prediction);
      draining ??= drain();
    },
    idle: async () => {
      while (draining !== undefined) await draining;
    },
  };
}
