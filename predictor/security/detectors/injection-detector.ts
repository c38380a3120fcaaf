/**
 * @module security/detectors/injection-detector
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
import {
  decodedBase64,
  decodedTags,
  joinViewPieces,
  latinView,
  plainView,
  reversed,
  rot13,
  squashedView,
  type DetectionView,
  type WindowPlace,
} from './detection-views.js';
import { INJECTION_SIGNALS, MAX_SIGNAL_SPAN_CHARS, type InjectionSignal } from './injection-patterns.js';
import { DEFAULT_SLICE_CHARS, textSlices } from './text-slices.js';

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

/**
 * The top-level alternatives of a regex source (`a|b(c|d)` gives `a` and `b(c|d)`): a `|`
 * counts only outside groups and character classes, and never when escaped.
 */
export function topLevelAlternatives(source: string): string[] {
  const alternatives: string[] = [];
  let depth = 0;
  let isInClass = false;
  let start = 0;
  for (let index = 0; index < source.length; index++) {
    const character = source[index];
    if (character === '\\') index++;
    else if (isInClass) isInClass = character !== ']';
    else if (character === '[') isInClass = true;
    else if (character === '(') depth++;
    else if (character === ')') depth--;
    else if (character === '|' && depth === 0) {
      alternatives.push(source.slice(start, index));
      start = index + 1;
    }
  }
  alternatives.push(source.slice(start));
  return alternatives;
}

/**
 * One regex that matches a text exactly when one of `sources` does: their alternation, with
 * the alternatives that start at a word boundary gathered behind a single `\b`. `\bA|\bB`
 * and `\b(?:A|B)` match at the same places, but the second fails a position inside a word
 * (most positions of any text) with one test instead of one per alternative: a quarter to
 * a half of the time on transcript text.
 */
export function anyOf(sources: readonly string[]): RegExp {
  // Joining and reordering renumbers capture groups: a backreference would change meaning.
  const withBackreference = sources.find((source) => /\\[1-9]|\\k</.test(source));
  if (withBackreference !== undefined) throw new Error(`anyOf cannot join a pattern with a backreference: ${withBackreference}`);
  const alternatives = sources.flatMap(topLevelAlternatives);
  const atWordStart = alternatives.filter((alternative) => alternative.startsWith('\\b')).map((alternative) => alternative.slice(2));
  const others = alternatives.filter((alternative) => !alternative.startsWith('\\b')).map((alternative) => `(?:${alternative})`);
  const parts = atWordStart.length > 0 ? [`\\b(?:${atWordStart.join('|')})`, ...others] : others;
  return new RegExp(parts.length > 0 ? parts.join('|') : '(?!)');
}

/**
 * The signals that read one kind of view, anchored or not. `anyRegex` (see `anyOf`) matches
 * a text exactly when one of their regexes does, so a text it misses (most transcript text)
 * needs none of the regexes run one by one; its work at each position is at most the sum of
 * theirs, so it stays linear. `others` (function patterns, flagged regexes) always run.
 */
interface SignalGroup {
  readonly regexSignals: readonly InjectionSignal[];
  readonly anyRegex: RegExp;
  readonly others: readonly InjectionSignal[];
}

function signalsOf(kind: DetectionView['kind'], isAnchored: boolean): SignalGroup {
  const signals = INJECTION_SIGNALS.filter((signal) => signal.views.includes(kind) && (signal.isAnchored ?? false) === isAnchored);
  const isPlainRegex = (signal: InjectionSignal) => signal.pattern instanceof RegExp && signal.pattern.flags === '';
  const regexSignals = signals.filter(isPlainRegex);
  return {
    regexSignals,
    anyRegex: anyOf(regexSignals.map((signal) => (signal.pattern as RegExp).source)),
    others: signals.filter((signal) => !isPlainRegex(signal)),
  };
}

type SignalGroups = Record<'plain' | 'plainAnchored' | 'latin' | 'latinAnchored' | 'squashed' | 'squashedAnchored', SignalGroup>;
let builtGroups: SignalGroups | undefined;

/**
 * The signal groups of every view kind, built on first use rather than when the module loads:
 * building their alternations at start-up left the idle process about 6 MB larger in about a
 * third of the benchmark's starts (docs/benchmarks.md), and nothing screens text before the
 * first request.
 */
function signalGroups(): SignalGroups {
  return (builtGroups ??= {
    plain: signalsOf('plain', false),
    plainAnchored: signalsOf('plain', true),
    latin: signalsOf('latin', false),
    latinAnchored: signalsOf('latin', true),
    squashed: signalsOf('squashed', false),
    squashedAnchored: signalsOf('squashed', true),
  });
}

/**
 * Put between the latin, ROT13 and reversed views so the unanchored latin signals read all
 * three in one pass (a third of the regex calls, which dominate on short fields). No match
 * crosses it: latin views hold neither line terminators nor NUL, the latin patterns' `.`
 * stops at "\n" and their `\s` at NUL, no latin pattern has a negated class, and `\b` or a
 * lookahead reads "\n" as it reads the end of the text (a test holds the patterns to this).
 */
export const LATIN_VIEW_SEPARATOR = '\n\u0000\n';

function matchEach(weights: Weights, signals: readonly InjectionSignal[], text: string): void {
  for (const signal of signals) {
    if ((weights.get(signal.id) ?? 0) >= signal.weight) continue;
    if (signal.pattern.test(text)) raise(weights, signal.id, signal.weight);
  }
}

function matchSignals(weights: Weights, group: SignalGroup, text: string): void {
  if (group.regexSignals.length > 0 && group.anyRegex.test(text)) matchEach(weights, group.regexSignals, text);
  matchEach(weights, group.others, text);
}

/** Matches one window's views (plain, latin, squashed, and for the text itself ROT13 and reversed latin) against every signal. */
function matchWindow(weights: Weights, matchConcepts: ConceptMatcher, plain: string, latin: string, place: WindowPlace): void {
  const groups = signalGroups();
  const { isTextStart } = place;
  matchSignals(weights, groups.plain, plain);
  if (isTextStart) matchSignals(weights, groups.plainAnchored, plain);
  const squashed = squashedView(latin);
  matchSignals(weights, groups.squashed, squashed);
  if (isTextStart) matchSignals(weights, groups.squashedAnchored, squashed);
  // A decoded payload gets no ROT13 or reversed view; the reversed view starts where the window ends.
  const latinViews = place.isPayload ? [latin] : [latin, rot13(latin), reversed(latin)];
  const startsText = place.isPayload ? [isTextStart] : [isTextStart, isTextStart, place.isTextEnd];
  latinViews.forEach((view, index) => {
    if (startsText[index]) matchSignals(weights, groups.latinAnchored, view);
  });
  for (const [id, weight] of matchConcepts(latinViews)) raise(weights, id, weight);
  matchSignals(weights, groups.latin, latinViews.join(LATIN_VIEW_SEPARATOR));
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
