/**
 * @module llm/gemini-grounding
 * Google Search `groundingMetadata` → our Grounding. Sources keep the order of
 * `groundingChunks`, so `sourceIndices` stay valid indices into `sources`.
 */
import type { GroundingMetadata } from '@google/genai';
import type { Grounding, GroundingSource, GroundingSupport } from './language-model.js';
import { isGrounded } from './gemini-usage.js';

/** Normalises grounding metadata; undefined when the model did not ground the answer. */
export function toGrounding(metadata: GroundingMetadata | undefined): Grounding | undefined {
  if (metadata === undefined || !isGrounded(metadata)) return undefined;
  const sources = (metadata.groundingChunks ?? []).map((chunk): GroundingSource => {
    const origin = chunk.web ?? chunk.retrievedContext;
    return { uri: origin?.uri ?? '', ...(origin?.title === undefined ? {} : { title: origin.title }) };
  });
  const supports = (metadata.groundingSupports ?? []).map((support): GroundingSupport => ({
    text: support.segment?.text ?? '',
    ...(support.segment?.startIndex === undefined ? {} : { startIndex: support.segment.startIndex }),
    ...(support.segment?.endIndex === undefined ? {} : { endIndex: support.segment.endIndex }),
    sourceIndices: (support.groundingChunkIndices ?? []).filter((index) => index >= 0 && index < sources.length),
    ...(support.confidenceScores === undefined ? {} : { confidenceScores: support.confidenceScores }),
  }));
  return { webSearchQueries: metadata.webSearchQueries ?? [], sources, supports };
}
