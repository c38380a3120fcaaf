/**
 * @module emulator/emulated-grounding
 * Well-formed Google Search grounding metadata for an emulated answer: one query, one
 * redirect-style web chunk and one support per claim. Each support's segment points at the
 * claim's text inside the returned answer, with UTF-8 byte offsets as the service uses.
 */
import { createHash } from 'node:crypto';
import type { WireGroundingMetadata } from './emulator-wire.js';

const SOURCE_TITLES = ['reference.example.org', 'news.example.com', 'data.example.net'] as const;

export interface EmulatedGrounding {
  readonly metadata: WireGroundingMetadata;
  /** The "search results" fed back to the model; they make up toolUsePromptTokenCount. */
  readonly snippets: readonly string[];
}

function queryOf(claim: string): string {
  return claim
    .toLowerCase()
    .replaceAll(/[^\p{L}\p{N}\s]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 10)
    .join(' ');
}

/** Where `claim` sits in `answer` (as written, or JSON-escaped inside a string), in bytes. */
function segmentOf(claim: string, answer: string): { startIndex: number; endIndex: number; text: string } | undefined {
  for (const written of [claim, JSON.stringify(claim).slice(1, -1)]) {
    const at = answer.indexOf(written);
    if (at < 0) continue;
    const startIndex = Buffer.byteLength(answer.slice(0, at), 'utf8');
    return { startIndex, endIndex: startIndex + Buffer.byteLength(written, 'utf8'), text: written };
  }
  return undefined;
}

/** Grounding for `claims` found in `answer`; undefined when there is nothing to search. */
export function emulateGrounding(claims: readonly string[], answer: string): EmulatedGrounding | undefined {
  const found = claims.flatMap((claim) => {
    const segment = segmentOf(claim, answer);
    return segment === undefined ? [] : [{ claim, segment }];
  });
  if (found.length === 0) return undefined;
  const chunks = found.map(({ claim }, index) => ({
    web: {
      uri: `https://vertexaisearch.cloud.google.com/grounding-api-redirect/${createHash('sha256').update(claim).digest('base64url').slice(0, 24)}`,
      title: SOURCE_TITLES[index % SOURCE_TITLES.length] ?? SOURCE_TITLES[0],
    },
  }));
  const metadata: WireGroundingMetadata = {
    webSearchQueries: found.map(({ claim }) => queryOf(claim)),
    searchEntryPoint: { renderedContent: '<div class="container">Emulated Google Search suggestions</div>' },
    groundingChunks: chunks,
    groundingSupports: found.map(({ segment }, index) => ({ segment, groundingChunkIndices: [index], confidenceScores: [0.5] })),
  };
  return { metadata, snippets: found.map(({ claim }, index) => `${chunks[index]?.web.title}: ${claim}`) };
}
