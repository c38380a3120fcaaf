/**
 * @module scripts/eval/run-offline-evaluation
 * Runs each variant's pipeline over every dataset episode, one request per episode and one
 * at a time (so latencies are not skewed by contention), recording the LLM calls for the
 * source check, then evaluates the outputs: deterministic checks, the judge, and the
 * episode's expected facts. An episode whose request fails is reported with its error
 * code and counts towards the error rate; the run goes on.
 */
import type { PredictorModel } from '../../predictor/contract/predictor-model.js';
import { ANONYMOUS_PRINCIPAL } from '../../predictor/contract/request-context.js';
import type { ModelRequest } from '../../predictor/contract/tensor.js';
import { toErrorObject } from '../../predictor/pipeline/orchestrator.js';
import type { CallRecorder } from '../../predictor/evaluation/call-recorder.js';
import type { Judge } from '../../predictor/evaluation/create-judge.js';
import type { DatasetEpisode } from './eval-dataset.js';
import { summariseVariant, type EpisodeResult, type VariantResult } from './eval-report.js';
import { evaluateSubject } from '../../predictor/evaluation/evaluate-subject.js';
import { agentOutputsOf, buildEvaluationSubject } from '../../predictor/evaluation/evaluation-subject.js';
import { expectedFactRecall } from './expected-fact-recall.js';

/** One configuration under test. */
export interface OfflineVariant {
  readonly name: string;
  readonly promptVersion: string;
  readonly settings: Readonly<Record<string, string>>;
  /** The pipeline, built over `recorder.wrapProvider(...)`. */
  readonly model: PredictorModel;
  readonly recorder: CallRecorder;
}

export interface RunOfflineEvaluationOptions {
  readonly dataset: readonly DatasetEpisode[];
  readonly variants: readonly OfflineVariant[];
  /** Absent: deterministic checks only. */
  readonly judge?: Judge;
  readonly episodeTimeoutMs: number;
  /** Epoch ms clock. */
  readonly now: () => number;
  readonly onEpisode?: (variant: string, result: EpisodeResult) => void;
}

const encoder = new TextEncoder();

function numberParameter(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

async function runEpisode(variant: OfflineVariant, item: DatasetEpisode, options: RunOfflineEvaluationOptions): Promise<EpisodeResult> {
  const { now, judge, episodeTimeoutMs } = options;
  const requestId = `eval-${variant.name}-${item.id}`.replaceAll(/[^A-Za-z0-9._:-]/g, '-').slice(0, 128);
  const request: ModelRequest = {
    id: requestId,
    inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [encoder.encode(item.payload)] }],
    parameters: { prompt_version: variant.promptVersion },
  };
  const base = { id: item.id, file: item.file, title: item.episode.title };
  const startedAtMs = now();
  const context = {
    requestId,
    signal: AbortSignal.timeout(episodeTimeoutMs),
    deadlineAtMs: startedAtMs + episodeTimeoutMs,
    principal: ANONYMOUS_PRINCIPAL,
  };
  let recorded;
  try {
    recorded = await variant.recorder.record(() => variant.model.predict(request, context));
  } catch (error) {
    const empty = { scores: [], judgeScores: [], checks: [], expectedFacts: [], models: {}, costUsd: 0, inputTokens: 0, outputTokens: 0 };
    return { ...base, ...empty, status: 'error', error: toErrorObject(error), latencyMs: now() - startedAtMs };
  }
  const latencyMs = now() - startedAtMs;
  const { value: response, calls } = recorded;
  const parameters = response.parameters ?? {};
  const subject = buildEvaluationSubject({
    episode: item.episode,
    promptVersion: String(parameters.prompt_version ?? variant.promptVersion),
    outputs: agentOutputsOf(response, 0),
    calls,
  });
  const evaluation = await evaluateSubject({ subject, ...(judge ? { judge, signal: AbortSignal.timeout(episodeTimeoutMs) } : {}) });
  return {
    ...base,
    status: parameters.partial === true ? 'partial' : 'ok',
    latencyMs,
    costUsd: numberParameter(parameters.cost_usd),
    inputTokens: numberParameter(parameters.input_tokens),
    outputTokens: numberParameter(parameters.output_tokens),
    models: subject.models,
    scores: evaluation.scores,
    judgeScores: evaluation.judge?.scores ?? [],
    ...(evaluation.judge
      ? {
          judge: {
            modelVersion: evaluation.judge.modelVersion,
            promptVersion: evaluation.judge.promptVersion,
            ...(evaluation.judge.costUsd === undefined ? {} : { costUsd: evaluation.judge.costUsd }),
            unscoredCount: evaluation.judge.unscoredCount,
          },
        }
      : {}),
    ...(evaluation.judgeError ? { judgeError: evaluation.judgeError } : {}),
    checks: evaluation.checks,
    expectedFacts: expectedFactRecall(subject, item.expectedFacts),
  };
}

/** Runs every variant over the dataset, in order, and summarises each. */
export async function runOfflineEvaluation(options: RunOfflineEvaluationOptions): Promise<VariantResult[]> {
  const results: VariantResult[] = [];
  for (const variant of options.variants) {
    const episodes: EpisodeResult[] = [];
    for (const item of options.dataset) {
      const result = await runEpisode(variant, item, options);
      options.onEpisode?.(variant.name, result);
      episodes.push(result);
    }
    results.push({
      name: variant.name,
      promptVersion: variant.promptVersion,
      settings: variant.settings,
      episodes,
      summary: summariseVariant(episodes),
    });
  }
  return results;
}
