/**
 * @module test/evaluation/support/reports
 * Episode results and reports built field by field, for report, gate and HTML tests.
 */
import { loadConfig } from '../../../predictor/config/load-config.js';
import type { EpisodeResult, EvalReport, VariantResult } from '../../../scripts/eval/eval-report.js';
import { summariseVariant } from '../../../scripts/eval/eval-report.js';

/** The configured defaults. */
export const THRESHOLDS = loadConfig({ env: {} }).monitoring.evalThresholds;

/** An ok episode with one judged statement, one quote check and one fact; override any field. */
export function episodeResult(overrides: Partial<EpisodeResult> = {}): EpisodeResult {
  return {
    id: 'ep-1',
    file: 'ep-1.json',
    title: 'Episode one',
    status: 'ok',
    latencyMs: 100,
    costUsd: 0.01,
    inputTokens: 1000,
    outputTokens: 200,
    models: { summarizer: 'lite' },
    scores: [],
    judgeScores: [{ id: 's1', kind: 'statement', agent: 'summarizer', text: 'x', score: 0.8, rationale: 'fine' }],
    checks: [{ name: 'quote_accuracy', agent: 'insights', total: 2, passed: 2, failures: [] }],
    expectedFacts: [{ fact: 'A fact', isMentioned: true }],
    ...overrides,
  };
}

export function variantResult(name: string, episodes: readonly EpisodeResult[]): VariantResult {
  return { name, promptVersion: name, settings: {}, episodes, summary: summariseVariant(episodes) };
}

export function report(variants: readonly VariantResult[], failures: readonly string[] = []): EvalReport {
  return {
    schemaVersion: 1,
    generatedAt: '2026-01-01T00:00:00.000Z',
    dataset: { directory: 'dataset', episodeCount: variants[0]?.episodes.length ?? 0 },
    llmBackend: 'emulator',
    judge: { modelId: 'judge-model', promptVersion: 'judge-v1' },
    thresholds: THRESHOLDS,
    variants,
    gate: { isPassed: failures.length === 0, failures },
  };
}
