/**
 * @module dataplane/decorators/with-prompt-split
 * PredictorModel decorator for prompt A/B tests: a request without a `prompt_version`
 * parameter gets one picked by the configured weighted split, deterministically from its
 * request id (a retried request with the same `x-request-id` lands on the same arm). A
 * request that names a version keeps it. Every log line written while the request runs
 * carries the version that answered, and `onAnswered` learns it (feedback uses that to
 * tie a rating to the prompt version that produced the output).
 */
import { ConfigError } from '../../errors.js';
import { runWithLogFields } from '../../observability/log-context.js';
import { delegate } from '../../contract/delegate-model.js';
import type { PredictorModel } from '../../contract/predictor-model.js';

export interface PromptSplitArm {
  readonly version: string;
  /** Relative weight; arms with 0 are never picked. */
  readonly weight: number;
}

export interface WithPromptSplitOptions {
  readonly model: PredictorModel;
  /** Empty: requests without `prompt_version` keep the model's default. */
  readonly split: readonly PromptSplitArm[];
  /** Prompt versions the model knows; an arm naming another is a ConfigError. */
  readonly knownVersions: readonly string[];
  /** The ids a client may quote (x-request-id, and the OIP `id` when given) and the version that answered. */
  readonly onAnswered?: (requestIds: readonly string[], promptVersion: string) => void;
}

/** FNV-1a, 32 bits: cheap and well spread over short ids. */
export function hashToUnit(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}

/** The arm `requestId` falls in, by cumulative weight. */
export function pickArm(split: readonly PromptSplitArm[], requestId: string): string | undefined {
  const total = split.reduce((sum, arm) => sum + arm.weight, 0);
  if (total <= 0) return undefined;
  let point = hashToUnit(requestId) * total;
  for (const arm of split) {
    if (point < arm.weight) return arm.version;
    point -= arm.weight;
  }
  return split.findLast((arm) => arm.weight > 0)?.version;
}

/** @example withPromptSplit({ model, split: config.monitoring.promptVersionSplit, knownVersions: PROMPT_VERSIONS, onAnswered: recent.remember }) */
export function withPromptSplit({ model, split, knownVersions, onAnswered }: WithPromptSplitOptions): PredictorModel {
  const unknown = split.filter((arm) => !knownVersions.includes(arm.version)).map((arm) => arm.version);
  if (unknown.length > 0) {
    throw new ConfigError([`PROMPT_VERSION_SPLIT names unknown prompt versions ${unknown.join(', ')}; known: ${knownVersions.join(', ')}`]);
  }
  return {
    ...delegate(model),
    async predict(request, context) {
      const isChosen = request.parameters?.prompt_version === undefined;
      const picked = isChosen ? pickArm(split, context.requestId) : undefined;
      const routed = picked === undefined ? request : { ...request, parameters: { ...request.parameters, prompt_version: picked } };
      const requested = routed.parameters?.prompt_version;
      const fields = typeof requested === 'string' ? { prompt_version: requested } : {};
      const response = await runWithLogFields(fields, () => model.predict(routed, context));
      const answered = response.parameters?.prompt_version;
      if (typeof answered === 'string') onAnswered?.([context.requestId, ...(request.id ? [request.id] : [])], answered);
      return response;
    },
  };
}
