/**
 * @module scripts/bench/distinct-episodes
 * Request bodies in which every request is a new episode, so no response cache, memoised
 * guardrail analysis or emulator answer cache can serve it: the sample episode with a unique
 * tag in its id and in its first line. The tag is autocannon's `[<id>]` placeholder, which
 * its `idReplacement` option swaps for a fresh id on every request sent.
 */
import { buildSampleEpisode, inferRequestBody } from './sample-episode.js';

/** autocannon's placeholder for a per-request unique id. */
export const UNIQUE_TAG = '[<id>]';

/** An infer request body carrying one episode of `segmentCount` segments, tagged with UNIQUE_TAG. */
export function distinctEpisodeTemplate(segmentCount = 24): string {
  const episode = buildSampleEpisode(segmentCount, `bench-${UNIQUE_TAG}`);
  const [first, ...rest] = episode.transcript;
  const transcript = first === undefined ? [] : [{ ...first, text: `Take ${UNIQUE_TAG} starts now. ${first.text}` }, ...rest];
  return inferRequestBody([{ ...episode, transcript }]);
}

/** The template with its tag replaced, for requests sent without autocannon. */
export function distinctEpisodeBody(template: string, tag: string): string {
  return template.replaceAll(UNIQUE_TAG, tag);
}
