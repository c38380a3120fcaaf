/**
 * @module security/guardrails/injection-detector
 * Scores text for prompt injection: every view of the text (plain, deobfuscated, decoded)
 * is matched against the weighted signals, each signal counts once at its highest weight,
 * and the text is flagged when the sum reaches the threshold. Detection is defence in
 * depth: prompts always delimit the transcript as data (pipeline/transcript-format.ts).
 */
import { createConceptMatcher } from './concept-sequences.js';
import { detectionViews } from './detection-views.js';
import { INJECTION_SIGNALS } from './injection-patterns.js';

export interface InjectionAssessment {
  readonly isInjection: boolean;
  readonly score: number;
  /** Ids of the signals found (bounded vocabulary, safe to log). */
  readonly signals: readonly string[];
}

/** Score at which a text counts as an injection: one strong signal or two weak ones. */
export const INJECTION_THRESHOLD = 1;

/** Assesses untrusted text; returned by `createInjectionDetector`. */
export type InjectionDetector = (text: string, threshold?: number) => InjectionAssessment;

/**
 * Creates a detector. Keep one per process (or per guardrails instance): it caches the
 * lexicon lookups of the words it has seen.
 * @example const assess = createInjectionDetector(); assess(segment.text).isInjection
 */
export function createInjectionDetector(): InjectionDetector {
  const matchConcepts = createConceptMatcher();
  return function assess(text, threshold = INJECTION_THRESHOLD) {
    const weights = new Map<string, number>();
    const raise = (id: string, weight: number) => {
      if ((weights.get(id) ?? 0) < weight) weights.set(id, weight);
    };
    for (const view of detectionViews(text)) {
      if (view.kind === 'latin') for (const [id, weight] of matchConcepts(view.text)) raise(id, weight);
      for (const signal of INJECTION_SIGNALS) {
        if (!signal.views.includes(view.kind) || (weights.get(signal.id) ?? 0) >= signal.weight) continue;
        if (signal.pattern.test(view.text)) raise(signal.id, signal.weight);
      }
    }
    const score = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
    return { isInjection: score >= threshold, score, signals: [...weights.keys()].sort() };
  };
}

/** Assesses one text with a fresh detector (tests, one-off checks). */
export function assessInjection(text: string, threshold: number = INJECTION_THRESHOLD): InjectionAssessment {
  return createInjectionDetector()(text, threshold);
}
