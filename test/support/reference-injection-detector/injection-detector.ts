/**
 * @module test/support/reference-injection-detector/injection-detector
 * FROZEN copy of the detector algorithm in predictor/security/detectors at commit 5070230 (before the
 * cost work of issue 11; the signal patterns, lexicon and slicing it uses are imported from the product,
 * which that work left unchanged, so the test compares algorithms on the signals of today): the
 * reference that test/security/detectors/injection-equivalence.test.ts holds the product to. Never edit.
 * Scores text for prompt injection: every view of the text (plain, deobfuscated, decoded)
 * is matched against the weighted signals, each signal counts once at its highest weight,
 * and the text is flagged when the sum reaches the threshold. Detection is defence in
 * depth: prompts always delimit the transcript as data (pipeline/transcript-format.ts).
 *
 * A long text is read in slices cut where a token starts: each slice is folded into its
 * views once, and the views are matched in windows that keep the last few thousand
 * characters of the previous window, more than any signal spans, so a phrase across a cut is
 * still seen. Time and memory are linear in the text; `scan` yields between slices.
 */
import { createConceptMatcher, type ConceptMatcher } from './concept-sequences.js';
import { decodedBase64, decodedTags, joinViewPieces, latinView, plainView, windowViews, type WindowPlace } from './detection-views.js';
import { INJECTION_SIGNALS, MAX_SIGNAL_SPAN_CHARS } from '../../../predictor/security/detectors/injection-patterns.js';
import { DEFAULT_SLICE_CHARS, textSlices } from '../../../predictor/security/detectors/text-slices.js';

export interface InjectionAssessment {
  readonly isInjection: boolean;
  readonly score: number;
  /** Ids of the signals found (bounded vocabulary, safe to log). */
  readonly signals: readonly string[];
}

/** Score at which a text counts as an injection: one strong signal or two weak ones. */
export const INJECTION_THRESHOLD = 1;

export interface InjectionScanOptions {
  readonly threshold?: number;
  /** Characters per slice (default 16 KiB); `Infinity` reads the text in one pass. */
  readonly sliceChars?: number;
}

/** Assesses untrusted text; returned by `createInjectionDetector`. */
export interface InjectionDetector {
  (text: string, threshold?: number): InjectionAssessment;
  /** The same assessment slice by slice: yields the characters handled in each step (to pace a caller), returns the assessment. */
  scan(text: string, options?: InjectionScanOptions): Generator<number, InjectionAssessment>;
}

// Kept from one window to the next: more than any signal spans.
const CARRY_CHARS = MAX_SIGNAL_SPAN_CHARS + 2048;

/** The last `CARRY_CHARS` of a window, starting just after a whitespace character when there is one (so `\b` and `^|\s` read as in the whole view). */
function carryOf(view: string): string {
  if (view.length <= CARRY_CHARS) return view;
  const from = view.length - CARRY_CHARS;
  const space = view.slice(from).search(/\s\S/);
  return view.slice(space < 0 ? from : from + space + 1);
}

type Weights = Map<string, number>;

function raise(weights: Weights, id: string, weight: number): void {
  if ((weights.get(id) ?? 0) < weight) weights.set(id, weight);
}

function matchWindow(weights: Weights, matchConcepts: ConceptMatcher, plain: string, latin: string, place: WindowPlace): void {
  for (const view of windowViews(plain, latin, place)) {
    if (view.kind === 'latin') for (const [id, weight] of matchConcepts(view.text)) raise(weights, id, weight);
    for (const signal of INJECTION_SIGNALS) {
      if (!signal.views.includes(view.kind) || (signal.isAnchored && !view.isTextStart) || (weights.get(signal.id) ?? 0) >= signal.weight)
        continue;
      if (signal.pattern.test(view.text)) raise(weights, signal.id, signal.weight);
    }
  }
}

/**
 * Raises `weights` with the signals of `text`. Decoded payloads (base64 runs, Unicode tag
 * text) are assessed as texts of their own, with the plain, latin and squashed views.
 */
function* collectSignals(
  text: string,
  weights: Weights,
  matchConcepts: ConceptMatcher,
  sliceChars: number,
  isPayload: boolean,
): Generator<number, void> {
  let plain = '';
  let latin = '';
  let isTextStart = true;
  const hidden: string[] = [];
  for (const slice of textSlices(text, { sliceChars })) {
    const raw = text.slice(slice.start, slice.end);
    const plainPiece = plainView(raw);
    plain = joinViewPieces(plain, plainPiece);
    latin = joinViewPieces(latin, latinView(plainPiece));
    matchWindow(weights, matchConcepts, plain, latin, { isTextStart, isTextEnd: slice.end === text.length, isPayload });
    yield raw.length + plain.length + latin.length;
    const carriedPlain = carryOf(plain);
    const carriedLatin = carryOf(latin);
    isTextStart &&= carriedPlain === plain && carriedLatin === latin;
    plain = carriedPlain;
    latin = carriedLatin;
    if (isPayload) continue;
    const runs = decodedTags(raw);
    if (runs.length > 0) hidden.push(runs.join(' '));
    for (const payload of decodedBase64(raw)) yield* collectSignals(payload, weights, matchConcepts, sliceChars, true);
  }
  if (hidden.length > 0) yield* collectSignals(hidden.join(' '), weights, matchConcepts, sliceChars, true);
}

/**
 * Creates a detector. Keep one per process (or per guardrails instance): it caches the
 * lexicon lookups of the words it has seen.
 * @example const assess = createInjectionDetector(); assess(segment.text).isInjection
 */
export function createInjectionDetector(): InjectionDetector {
  const matchConcepts = createConceptMatcher();
  function* scan(text: string, options: InjectionScanOptions = {}): Generator<number, InjectionAssessment> {
    const weights: Weights = new Map();
    yield* collectSignals(text, weights, matchConcepts, options.sliceChars ?? DEFAULT_SLICE_CHARS, false);
    const signals = [...weights.keys()].sort();
    // Summed in id order, so the score is the same whichever window found a signal first.
    const score = signals.reduce((sum, id) => sum + (weights.get(id) ?? 0), 0);
    return { isInjection: score >= (options.threshold ?? INJECTION_THRESHOLD), score, signals };
  }
  function assess(text: string, threshold = INJECTION_THRESHOLD): InjectionAssessment {
    const steps = scan(text, { threshold });
    for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
  }
  return Object.assign(assess, { scan });
}

/** Assesses one text with a fresh detector (tests, one-off checks). */
export function assessInjection(text: string, threshold: number = INJECTION_THRESHOLD): InjectionAssessment {
  return createInjectionDetector()(text, threshold);
}
