/**
 * @module evaluation/evaluate-subject
 * Evaluates one subject: the deterministic checks always, then the judge when one is
 * given. A judge failure is reported in the result (never thrown), so the free checks
 * still count. Scores are summarised per agent: check pass rates, mean groundedness,
 * hallucination rate (share of statements scored below 0.5), verdict consistency and
 * relevance.
 */
import { toErrorObject } from '../pipeline/orchestrator.js';
import type { AgentName } from '../pipeline/agent.js';
import { runDeterministicChecks, type CheckName, type CheckResult } from './deterministic-checks.js';
import type { EvaluationSubject } from './evaluation-subject.js';
import type { Judge, JudgeScore, JudgeVerdict } from './create-judge.js';

export type ScoreName = 'groundedness' | 'hallucination_rate' | 'verdict_consistency' | 'relevance' | CheckName;

/** One summary number of an evaluated episode. */
export interface Score {
  readonly name: ScoreName;
  readonly agent: AgentName | 'pipeline';
  readonly value: number;
}

export interface SubjectEvaluation {
  readonly checks: readonly CheckResult[];
  readonly judge?: JudgeVerdict;
  /** Why the judge did not answer (its error code and our message). */
  readonly judgeError?: { readonly code: string; readonly message: string };
  readonly scores: readonly Score[];
}

/** A statement the judge scored below this is counted as a hallucination. */
export const HALLUCINATION_BELOW = 0.5;

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Per-agent summary of judge scores. */
export function judgeSummaryScores(scores: readonly JudgeScore[]): Score[] {
  const summary: Score[] = [];
  const byAgent = new Map<JudgeScore['agent'], JudgeScore[]>();
  for (const score of scores) byAgent.set(score.agent, [...(byAgent.get(score.agent) ?? []), score]);
  for (const [agent, agentScores] of byAgent) {
    const statements = agentScores.filter((score) => score.kind === 'statement').map((score) => score.score);
    const verdicts = agentScores.filter((score) => score.kind === 'verdict').map((score) => score.score);
    const relevance = agentScores.filter((score) => score.kind === 'relevance').map((score) => score.score);
    if (statements.length > 0) {
      summary.push({ name: 'groundedness', agent, value: mean(statements) });
      summary.push({
        name: 'hallucination_rate',
        agent,
        value: statements.filter((value) => value < HALLUCINATION_BELOW).length / statements.length,
      });
    }
    if (verdicts.length > 0) summary.push({ name: 'verdict_consistency', agent, value: mean(verdicts) });
    if (relevance.length > 0) summary.push({ name: 'relevance', agent, value: mean(relevance) });
  }
  return summary;
}

export interface EvaluateSubjectOptions {
  readonly subject: EvaluationSubject;
  /** Absent: deterministic checks only. */
  readonly judge?: Judge;
  readonly signal?: AbortSignal;
}

/** @example const evaluation = await evaluateSubject({ subject, judge, signal: AbortSignal.timeout(60_000) }); */
export async function evaluateSubject({ subject, judge, signal }: EvaluateSubjectOptions): Promise<SubjectEvaluation> {
  const checks = runDeterministicChecks(subject);
  const checkScores: Score[] = checks.map((check) => ({ name: check.name, agent: check.agent, value: check.passed / check.total }));
  if (judge === undefined) return { checks, scores: checkScores };
  try {
    const verdict = await judge.judge(subject, signal === undefined ? {} : { signal });
    if (verdict === undefined) return { checks, scores: checkScores };
    return { checks, judge: verdict, scores: [...checkScores, ...judgeSummaryScores(verdict.scores)] };
  } catch (error) {
    return { checks, judgeError: toErrorObject(error), scores: checkScores };
  }
}
