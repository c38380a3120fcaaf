/**
 * @module pipeline/guardrails/episode-analysis
 * The input-side findings of one episode, computed once and shared by every agent that
 * receives the same episode object: which fields look injected, and the PII-redacted copy.
 *
 * The detectors read each field in slices and report the characters they read, so the
 * analysis hands the event loop back after every `workPerSlice` characters of work, each
 * field counting more for its fixed cost (`FIELD_WORK`): one 2 MB segment is many slices,
 * not one long block, and so are 60,000 short fields. An episode whose analysis fits one
 * slice (a few milliseconds of work) runs to the end without a turn of the event loop:
 * a turn would only put it behind every request that arrived meanwhile, and under a burst
 * the requests would then all finish their analyses late together rather than one by one
 * (docs/benchmarks.md). Time and memory are linear in the episode; the result does not
 * depend on where slices fall.
 */
import type { PiiKind } from '../../config/sections/security-config.js';
import type { Episode, TranscriptSegment } from '../episode.js';
import type { InjectionAssessment, InjectionDetector } from '../../security/detectors/injection-detector.js';
import { replaceMatches, scanPii, type PiiMatch } from '../../security/detectors/pii-detector.js';
import { DEFAULT_SLICE_CHARS } from '../../security/detectors/text-slices.js';

export interface EpisodeAnalysis {
  /** Field paths (`title`, `segments.3.text`) flagged as injection, and their signal ids. */
  readonly injectedFields: readonly string[];
  readonly injectedTexts: readonly string[];
  readonly injectionSignals: readonly string[];
  /** The episode with PII replaced by placeholders (the same object when nothing was found). */
  readonly redactedEpisode: Episode;
  /** Each kind of PII found, once, sorted (bounded however dense the transcript). */
  readonly piiKinds: readonly PiiKind[];
  /** How many of each kind were redacted. */
  readonly piiCounts: Readonly<Partial<Record<PiiKind, number>>>;
}

function textFields(episode: Episode): [string, string][] {
  const fields: [string, string][] = [['title', episode.title]];
  if (episode.host) fields.push(['host', episode.host]);
  episode.guests.forEach((guest, index) => fields.push([`guests.${index}`, guest]));
  episode.segments.forEach((segment, index) => {
    fields.push([`segments.${index}.speaker`, segment.speaker], [`segments.${index}.text`, segment.text]);
    if (segment.section) fields.push([`segments.${index}.section`, segment.section]);
  });
  return fields;
}

/** `episode` with the fields in `redacted` (by path) replaced. */
function withRedactedFields(episode: Episode, redacted: ReadonlyMap<string, string>): Episode {
  if (redacted.size === 0) return episode;
  const field = (path: string, text: string) => redacted.get(path) ?? text;
  const segments = episode.segments.map((segment, index): TranscriptSegment => ({
    ...segment,
    speaker: field(`segments.${index}.speaker`, segment.speaker),
    text: field(`segments.${index}.text`, segment.text),
    ...(segment.section === undefined ? {} : { section: field(`segments.${index}.section`, segment.section) }),
  }));
  return {
    ...episode,
    title: field('title', episode.title),
    ...(episode.host === undefined ? {} : { host: field('host', episode.host) }),
    guests: episode.guests.map((guest, index) => field(`guests.${index}`, guest)),
    segments,
  };
}

export interface AnalyseEpisodeOptions {
  readonly piiKinds: readonly PiiKind[];
  readonly assess: InjectionDetector;
  /** Awaited between slices of work so a long transcript does not block the event loop. */
  readonly yieldControl: () => Promise<void>;
  /** Yield once the work since the last yield reaches this many characters' worth (default 65,536). */
  readonly workPerSlice?: number;
  /** Characters per detector slice of a long field (default 16 KiB); `Infinity` reads each field in one pass. */
  readonly sliceChars?: number;
}

/**
 * What the detectors found in one field's text, with what follows from it worked out once, so
 * a remembered field costs a lookup however much PII it holds.
 */
interface FieldFindings {
  readonly assessment: InjectionAssessment;
  /** The text with its PII replaced; undefined when it holds none. */
  readonly redacted: string | undefined;
  /** How many of each kind of PII the text holds. */
  readonly piiCounts: readonly (readonly [PiiKind, number])[];
}

function piiFindings(text: string, matches: readonly PiiMatch[]): Pick<FieldFindings, 'redacted' | 'piiCounts'> {
  if (matches.length === 0) return { redacted: undefined, piiCounts: [] };
  const counts = new Map<PiiKind, number>();
  for (const { kind } of matches) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return { redacted: replaceMatches(text, matches), piiCounts: [...counts] };
}

/** Speaker names and section titles repeat on every segment: a text this short is analysed once per episode. */
export const REMEMBERED_TEXT_MAX_CHARS = 256;

/**
 * Work charged per field besides the characters the detectors read, in characters' worth of
 * scanning (which costs about 35-80 µs per thousand): a short field analysed costs about 8 µs
 * whatever its length (its views, a generator per detector, the regex calls), a remembered
 * one about 0.4 µs. So a slice of short fields takes about as long as a slice of long text.
 */
const FIELD_WORK = { analysed: 256, remembered: 16 } as const;

/** Analyses `episode` (callers memoise per episode object). */
export async function analyseEpisode(episode: Episode, options: AnalyseEpisodeOptions): Promise<EpisodeAnalysis> {
  const { piiKinds, assess, yieldControl, workPerSlice = 65_536, sliceChars = DEFAULT_SLICE_CHARS } = options;
  let work = 0;
  /** Adds `amount` to the work since the last yield; true when that reaches the slice (the count starts again). */
  const fillsSlice = (amount: number): boolean => {
    work += amount;
    if (work < workPerSlice) return false;
    work = 0;
    return true;
  };
  /** Runs a detector's steps to the end, pausing whenever the work since the last pause reaches the budget. */
  const paced = async <T>(steps: Generator<number, T>): Promise<T> => {
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      if (fillsSlice(step.value)) await yieldControl();
    }
  };

  const memo = new Map<string, FieldFindings>();
  const findingsOf = async (text: string): Promise<FieldFindings> => {
    const known = memo.get(text);
    if (fillsSlice(known ? FIELD_WORK.remembered : FIELD_WORK.analysed)) await yieldControl();
    if (known) return known;
    const assessment = await paced(assess.scan(text, { sliceChars }));
    const findings: FieldFindings = { assessment, ...piiFindings(text, await paced(scanPii(text, piiKinds, { sliceChars }))) };
    if (text.length <= REMEMBERED_TEXT_MAX_CHARS) memo.set(text, findings);
    return findings;
  };

  const injectedFields: string[] = [];
  const injectedTexts: string[] = [];
  const signals = new Set<string>();
  const redacted = new Map<string, string>();
  const piiCounts: Partial<Record<PiiKind, number>> = {};
  for (const [path, text] of textFields(episode)) {
    const findings = await findingsOf(text);
    if (findings.assessment.isInjection) {
      injectedFields.push(path);
      injectedTexts.push(text);
      for (const signal of findings.assessment.signals) signals.add(signal);
    }
    if (findings.redacted === undefined) continue;
    redacted.set(path, findings.redacted);
    for (const [kind, count] of findings.piiCounts) piiCounts[kind] = (piiCounts[kind] ?? 0) + count;
  }
  return {
    injectedFields,
    injectedTexts,
    injectionSignals: [...signals].sort(),
    redactedEpisode: withRedactedFields(episode, redacted),
    piiKinds: (Object.keys(piiCounts) as PiiKind[]).sort(),
    piiCounts,
  };
}
