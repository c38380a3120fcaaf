/**
 * @module security/guardrails/episode-analysis
 * The input-side findings of one episode, computed once and shared by every agent that
 * receives the same episode object: which fields look injected, and the PII-redacted copy.
 */
import type { PiiKind } from '../../config/sections/security-config.js';
import type { Episode, TranscriptSegment } from '../../pipeline/episode.js';
import type { InjectionDetector } from './injection-detector.js';
import { redactPii } from './pii-detector.js';

export interface EpisodeAnalysis {
  /** Field paths (`title`, `segments.3.text`) flagged as injection, and their signal ids. */
  readonly injectedFields: readonly string[];
  readonly injectedTexts: readonly string[];
  readonly injectionSignals: readonly string[];
  /** The episode with PII replaced by placeholders (the same object when nothing was found). */
  readonly redactedEpisode: Episode;
  readonly piiKinds: readonly PiiKind[];
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

function redactEpisode(episode: Episode, kinds: readonly PiiKind[]): { episode: Episode; found: PiiKind[] } {
  const found: PiiKind[] = [];
  const redact = (text: string) => {
    const result = redactPii(text, kinds);
    found.push(...result.matches.map((match) => match.kind));
    return result.text;
  };
  const segments = episode.segments.map((segment): TranscriptSegment => ({
    ...segment,
    speaker: redact(segment.speaker),
    text: redact(segment.text),
    ...(segment.section === undefined ? {} : { section: redact(segment.section) }),
  }));
  const redacted: Episode = {
    ...episode,
    title: redact(episode.title),
    ...(episode.host === undefined ? {} : { host: redact(episode.host) }),
    guests: episode.guests.map(redact),
    segments,
  };
  return { episode: found.length > 0 ? redacted : episode, found };
}

export interface AnalyseEpisodeOptions {
  readonly piiKinds: readonly PiiKind[];
  readonly assess: InjectionDetector;
  /** Awaited every `fieldsPerSlice` fields so a long transcript does not block the event loop. */
  readonly yieldControl: () => Promise<void>;
  readonly fieldsPerSlice?: number;
}

/** Analyses `episode` (callers memoise per episode object). */
export async function analyseEpisode(episode: Episode, options: AnalyseEpisodeOptions): Promise<EpisodeAnalysis> {
  const { piiKinds, assess, yieldControl, fieldsPerSlice = 64 } = options;
  const injectedFields: string[] = [];
  const injectedTexts: string[] = [];
  const signals = new Set<string>();
  const fields = textFields(episode);
  for (const [index, [path, text]] of fields.entries()) {
    if (index > 0 && index % fieldsPerSlice === 0) await yieldControl();
    const assessment = assess(text);
    if (!assessment.isInjection) continue;
    injectedFields.push(path);
    injectedTexts.push(text);
    for (const signal of assessment.signals) signals.add(signal);
  }
  const { episode: redactedEpisode, found } = redactEpisode(episode, piiKinds);
  return { injectedFields, injectedTexts, injectionSignals: [...signals].sort(), redactedEpisode, piiKinds: found };
}
