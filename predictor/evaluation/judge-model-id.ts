/**
 * @module evaluation/judge-model-id
 * The judge's model id: the configured JUDGE_MODEL_TIER resolved through the same tier →
 * model id table the pipeline's router uses.
 */
import type { Config } from '../config/config-schema.js';
import { modelIdsByTier } from '../config/sections/gemini-config.js';

/** @example createJudge({ models, modelId: judgeModelId(config), promptVersion: config.monitoring.judgePromptVersion }) */
export function judgeModelId({ gemini, monitoring }: Pick<Config, 'gemini' | 'monitoring'>): string {
  return modelIdsByTier(gemini)[monitoring.judgeModelTier];
}
