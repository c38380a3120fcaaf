/**
 * @module llm/model-router
 * Picks the model for each agent call from config: the agent's configured tier (the
 * cheapest tier when none is configured), escalated to a stronger tier for large inputs.
 * Pure: no clients and no fallback chains (those wrap the models themselves).
 */
import type { ModelTier } from '../config/sections/pipeline-config.js';

/** Tiers from cheapest to strongest; escalation only ever moves right. */
export const MODEL_TIERS: readonly ModelTier[] = ['flash-lite', 'flash', 'pro'];

export interface EscalationRule {
  /** Escalate when the estimated prompt is larger than this many tokens. */
  readonly inputTokensAbove: number;
  readonly toTier: ModelTier;
}

export interface ModelRouterOptions {
  /** Model id of each tier (config `GEMINI_MODEL_*`). */
  readonly tiers: Readonly<Record<ModelTier, string>>;
  /** Tier per agent name; agents not listed run on the cheapest tier. */
  readonly agentTiers: Readonly<Record<string, ModelTier>>;
  readonly escalation?: readonly EscalationRule[];
}

export interface RouteHints {
  readonly estimatedInputTokens: number;
}

export interface ModelRoute {
  readonly tier: ModelTier;
  readonly modelId: string;
}

export interface ModelRouter {
  route(agent: string, hints: RouteHints): ModelRoute;
}

/** Rough token count of a text, ceil(UTF-8 bytes / 4): cheap and errs high for non-English text. */
export function estimateTokens(text: string): number {
  // byteLength counts without copying the text (transcripts reach megabytes).
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 4);
}

/** `estimateTokens(texts.join('\n'))` without building the joined copy of a prompt's parts. */
export function estimateJoinedTokens(texts: readonly string[]): number {
  let bytes = Math.max(0, texts.length - 1);
  for (const text of texts) bytes += Buffer.byteLength(text, 'utf8');
  return Math.ceil(bytes / 4);
}

function stronger(left: ModelTier, right: ModelTier): ModelTier {
  return MODEL_TIERS.indexOf(right) > MODEL_TIERS.indexOf(left) ? right : left;
}

/**
 * Creates a router. Escalation rules never lower a tier: an agent configured on `pro`
 * stays there even for small inputs.
 *
 * @example
 * const router = createModelRouter({
 *   tiers: { 'flash-lite': 'gemini-3.1-flash-lite', flash: 'gemini-3.8-flash', pro: 'gemini-3.1-pro-preview' },
 *   agentTiers: { summarizer: 'flash-lite', 'fact-checker': 'flash' },
 *   escalation: [{ inputTokensAbove: 200_000, toTier: 'pro' }],
 * });
 * router.route('summarizer', { estimatedInputTokens: 12_000 }); // { tier: 'flash-lite', ... }
 */
export function createModelRouter({ tiers, agentTiers, escalation = [] }: ModelRouterOptions): ModelRouter {
  for (const rule of escalation) {
    if (!Number.isFinite(rule.inputTokensAbove) || rule.inputTokensAbove < 0) {
      throw new RangeError(`Escalation threshold must be a non-negative number, got ${rule.inputTokensAbove}`);
    }
  }
  return {
    route(agent, { estimatedInputTokens }) {
      let tier = agentTiers[agent] ?? MODEL_TIERS[0]!;
      for (const rule of escalation) {
        if (estimatedInputTokens > rule.inputTokensAbove) tier = stronger(tier, rule.toTier);
      }
      return { tier, modelId: tiers[tier] };
    },
  };
}
