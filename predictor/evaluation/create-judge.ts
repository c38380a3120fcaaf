/**
 * @module evaluation/create-judge
 * LLM-as-judge: one call per episode through the same LanguageModelProvider the pipeline
 * uses (so retries, timeouts, cache, usage metrics and cost apply to it like any call,
 * under the agent label `judge`), scoring each statement's groundedness, each fact-check
 * verdict's consistency with its sources, and overall relevance, 0-1 with a rationale.
 */
import { LlmInvalidResponseError } from '../errors.js';
import type { LanguageModelProvider } from '../llm/language-model.js';
import { estimateTokens } from '../llm/model-router.js';
import type { Usage } from '../contract/usage.js';
import { parseJsonResponse } from '../pipeline/agents/parse-json-response.js';
import type { EvaluationSubject } from './evaluation-subject.js';
import { assertJudgePromptVersion, buildJudgePrompt, judgeItemsOf, type JudgeItem } from './judge-prompt.js';

/** One scored item. */
export interface JudgeScore extends JudgeItem {
  readonly score: number;
  readonly rationale: string;
}

export interface JudgeVerdict {
  readonly promptVersion: string;
  readonly modelId: string;
  /** The version that served the judge call. */
  readonly modelVersion: string;
  readonly usage: Usage;
  /** Undefined when the served version has no price. */
  readonly costUsd?: number;
  readonly scores: readonly JudgeScore[];
  /** Items the answer left out or scored with something other than a number. */
  readonly unscoredCount: number;
}

export interface Judge {
  readonly promptVersion: string;
  readonly modelId: string;
  /** Upper bound of one judge call's cost (prompt estimate + full output budget), or undefined without a price. */
  estimateCostUsd(subject: EvaluationSubject): number | undefined;
  /** Judges the subject; undefined when it has no output to judge. */
  judge(subject: EvaluationSubject, options?: { readonly signal?: AbortSignal }): Promise<JudgeVerdict | undefined>;
}

export interface CreateJudgeOptions {
  readonly models: LanguageModelProvider;
  /** Model id of the judge (config JUDGE_MODEL_TIER resolved to an id). */
  readonly modelId: string;
  readonly promptVersion: string;
  /** USD of a call's usage on the version that served it; undefined when unpriced. */
  readonly costOf?: (usage: Usage, modelVersion: string) => number | undefined;
  /** Output token cap of a judge call. */
  readonly maxOutputTokens?: number;
}

const MAX_RATIONALE_CHARS = 300;

function scoreOf(group: unknown, id: string): { score: number; rationale: string } | undefined {
  const entry = (group as Record<string, unknown> | undefined)?.[id] as { score?: unknown; rationale?: unknown } | undefined;
  if (typeof entry?.score !== 'number' || !Number.isFinite(entry.score)) return undefined;
  const rationale = typeof entry.rationale === 'string' ? entry.rationale.trim().slice(0, MAX_RATIONALE_CHARS) : '';
  return { score: Math.min(1, Math.max(0, entry.score)), rationale };
}

/** Reads the scores of `items` from the judge's JSON; extra ids are ignored, missing ones counted. */
export function readJudgeScores(value: unknown, items: readonly JudgeItem[]): { scores: JudgeScore[]; unscoredCount: number } {
  if (value === null || typeof value !== 'object') throw new LlmInvalidResponseError('judge: response is not a JSON object');
  const answer = value as Record<string, unknown>;
  const scores: JudgeScore[] = [];
  for (const item of items) {
    const found =
      item.kind === 'relevance'
        ? scoreOf({ relevance: answer.relevance }, 'relevance')
        : scoreOf(item.kind === 'statement' ? answer.statements : answer.verdicts, item.id);
    if (found !== undefined) scores.push({ ...item, ...found });
  }
  return { scores, unscoredCount: items.length - scores.length };
}

/**
 * @example
 * const judge = createJudge({ models: provider, modelId: config.gemini.modelFlashLite, promptVersion: 'judge-v1', costOf });
 * const verdict = await judge.judge(subject, { signal: AbortSignal.timeout(60_000) });
 */
export function createJudge({ models, modelId, promptVersion, costOf, maxOutputTokens = 4096 }: CreateJudgeOptions): Judge {
  assertJudgePromptVersion(promptVersion);
  const model = models.languageModel(modelId);
  return {
    promptVersion,
    modelId,
    estimateCostUsd(subject) {
      const items = judgeItemsOf(subject);
      if (items.length === 0) return 0;
      if (costOf === undefined) return undefined;
      const prompt = buildJudgePrompt({ version: promptVersion, subject, items });
      const inputTokens = estimateTokens(
        [prompt.systemInstruction ?? '', ...prompt.contents, JSON.stringify(prompt.responseJsonSchema)].join('\n'),
      );
      return costOf({ inputTokens, outputTokens: maxOutputTokens }, modelId);
    },
    async judge(subject, { signal } = {}) {
      const items = judgeItemsOf(subject);
      if (items.length === 0) return undefined;
      const prompt = buildJudgePrompt({ version: promptVersion, subject, items });
      const result = await model.generate(
        { ...prompt, temperature: 0, maxOutputTokens, labels: { agent: 'judge', prompt_version: promptVersion } },
        signal === undefined ? {} : { signal },
      );
      if (result.finishReason !== 'stop') throw new LlmInvalidResponseError(`judge: the answer ended with ${result.finishReason}`);
      const { scores, unscoredCount } = readJudgeScores(parseJsonResponse(result.text, 'judge'), items);
      const costUsd = result.isCacheHit === true ? 0 : costOf?.(result.usage, result.modelVersion);
      return {
        promptVersion,
        modelId,
        modelVersion: result.modelVersion,
        usage: result.usage,
        ...(costUsd === undefined ? {} : { costUsd }),
        scores,
        unscoredCount,
      };
    },
  };
}
