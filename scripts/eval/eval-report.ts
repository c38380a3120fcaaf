/**
 * @module scripts/eval/eval-report
 * The offline evaluation report (`eval-report.json`): per variant (a prompt version or
 * model configuration), per episode results and a summary pooled over the dataset, and
 * the quality gate — each configured threshold checked against each variant's summary.
 * A metric that was not measured (no judge, no expected facts) is reported as null and
 * does not fail the gate.
 */
import type { EvalThresholds } from '../../predictor/config/sections/monitoring-config.js';
import type { AgentName } from '../../predictor/pipeline/agent.js';
import type { JudgeScore } from '../../predictor/evaluation/create-judge.js';
import { checkRate, type CheckResult } from '../../predictor/evaluation/deterministic-checks.js';
import { HALLUCINATION_BELOW, type Score } from '../../predictor/evaluation/evaluate-subject.js';
import type { FactRecall } from './expected-fact-recall.js';

export interface EpisodeResult {
  readonly id: string;
  readonly file: string;
  readonly title: string;
  /** `partial`: some agent failed; `error`: the request failed. */
  readonly status: 'ok' | 'partial' | 'error';
  readonly error?: { readonly code: string; readonly message: string };
  readonly latencyMs: number;
  /** Pipeline cost from the response (`cost_usd`); the judge's is separate. */
  readonly costUsd: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly models: Readonly<Partial<Record<AgentName, string>>>;
  readonly scores: readonly Score[];
  readonly judgeScores: readonly JudgeScore[];
  readonly judge?: {
    readonly modelVersion: string;
    readonly promptVersion: string;
    readonly costUsd?: number;
    readonly unscoredCount: number;
  };
  readonly judgeError?: { readonly code: string; readonly message: string };
  readonly checks: readonly CheckResult[];
  readonly expectedFacts: readonly FactRecall[];
}

export interface VariantSummary {
  readonly episodeCount: number;
  readonly errorRate: number;
  readonly groundedness: number | null;
  readonly hallucinationRate: number | null;
  readonly verdictConsistency: number | null;
  readonly relevance: number | null;
  readonly quoteAccuracy: number | null;
  readonly timestampAccuracy: number | null;
  readonly sourceValidity: number | null;
  readonly numberSupport: number | null;
  readonly expectedFactRecall: number | null;
  readonly costUsdTotal: number;
  readonly costUsdPerEpisode: number;
  readonly judgeCostUsdTotal: number;
  readonly latencyMsP50: number;
  readonly latencyMsP95: number;
}

export interface VariantResult {
  readonly name: string;
  readonly promptVersion: string;
  /** Config overrides of this variant (env var → value). */
  readonly settings: Readonly<Record<string, string>>;
  readonly episodes: readonly EpisodeResult[];
  readonly summary: VariantSummary;
}

export interface EvalReport {
  readonly schemaVersion: 1;
  readonly generatedAt: string;
  readonly dataset: { readonly directory: string; readonly episodeCount: number };
  readonly llmBackend: string;
  readonly judge: { readonly modelId: string; readonly promptVersion: string } | null;
  readonly thresholds: EvalThresholds;
  readonly variants: readonly VariantResult[];
  readonly gate: { readonly isPassed: boolean; readonly failures: readonly string[] };
}

function meanOrNull(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Nearest-rank percentile (`fraction` 0-1) of `values`; 0 for none. */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

/** Pools the episodes of a variant: item-level judge scores, check counts and fact counts. */
export function summariseVariant(episodes: readonly EpisodeResult[]): VariantSummary {
  const judged = episodes.flatMap((episode) => episode.judgeScores);
  const statements = judged.filter((score) => score.kind === 'statement').map((score) => score.score);
  const checks = episodes.flatMap((episode) => episode.checks);
  const facts = episodes.flatMap((episode) => episode.expectedFacts);
  const rate = (name: Parameters<typeof checkRate>[1]) => checkRate(checks, name) ?? null;
  const costUsdTotal = episodes.reduce((sum, episode) => sum + episode.costUsd, 0);
  const latencies = episodes.map((episode) => episode.latencyMs);
  return {
    episodeCount: episodes.length,
    errorRate: episodes.length === 0 ? 0 : episodes.filter((episode) => episode.status !== 'ok').length / episodes.length,
    groundedness: meanOrNull(statements),
    hallucinationRate:
      statements.length === 0 ? null : statements.filter((score) => score < HALLUCINATION_BELOW).length / statements.length,
    verdictConsistency: meanOrNull(judged.filter((score) => score.kind === 'verdict').map((score) => score.score)),
    relevance: meanOrNull(judged.filter((score) => score.kind === 'relevance').map((score) => score.score)),
    quoteAccuracy: rate('quote_accuracy'),
    timestampAccuracy: rate('timestamp_accuracy'),
    sourceValidity: rate('source_validity'),
    numberSupport: rate('number_support'),
    expectedFactRecall: facts.length === 0 ? null : facts.filter((fact) => fact.isMentioned).length / facts.length,
    costUsdTotal,
    costUsdPerEpisode: episodes.length === 0 ? 0 : costUsdTotal / episodes.length,
    judgeCostUsdTotal: episodes.reduce((sum, episode) => sum + (episode.judge?.costUsd ?? 0), 0),
    latencyMsP50: percentile(latencies, 0.5),
    latencyMsP95: percentile(latencies, 0.95),
  };
}

type Bound = readonly [label: string, key: keyof VariantSummary, kind: 'min' | 'max', limit: number];

/** Every threshold miss, as `variant: metric value < limit`; empty when the gate passes. */
export function gateFailures(variants: readonly VariantResult[], thresholds: EvalThresholds): string[] {
  const bounds: Bound[] = [
    ['groundedness', 'groundedness', 'min', thresholds.minGroundedness],
    ['hallucination rate', 'hallucinationRate', 'max', thresholds.maxHallucinationRate],
    ['quote accuracy', 'quoteAccuracy', 'min', thresholds.minQuoteAccuracy],
    ['timestamp accuracy', 'timestampAccuracy', 'min', thresholds.minTimestampAccuracy],
    ['source validity', 'sourceValidity', 'min', thresholds.minSourceValidity],
    ['number support', 'numberSupport', 'min', thresholds.minNumberSupport],
    ['expected fact recall', 'expectedFactRecall', 'min', thresholds.minExpectedFactRecall],
    ['error rate', 'errorRate', 'max', thresholds.maxErrorRate],
    ...(thresholds.maxCostUsdPerEpisode > 0
      ? [['cost per episode (USD)', 'costUsdPerEpisode', 'max', thresholds.maxCostUsdPerEpisode] as const]
      : []),
  ];
  const failures: string[] = [];
  for (const variant of variants) {
    for (const [label, key, kind, limit] of bounds) {
      const value = variant.summary[key];
      if (typeof value !== 'number') continue;
      // Compared at 6 decimals so 0.9 accumulated from fractions is not 0.8999999.
      const rounded = Number(value.toFixed(6));
      if (kind === 'min' ? rounded < limit : rounded > limit) {
        failures.push(`${variant.name}: ${label} ${rounded} ${kind === 'min' ? '<' : '>'} ${limit}`);
      }
    }
  }
  return failures;
}
