/**
 * @module scripts/bench/sample-episode
 * A deterministic synthetic episode for benchmarks: `segmentCount` timed segments across
 * a few sections, with numbers and dates so the fact-checker has claims to find. Each
 * segment is two of eight sentences, a different pair for each of the first 56 segments: a
 * real transcript does not repeat itself, and the guardrails analyse a repeated short text
 * once, so repeated segments would make the product look cheaper than it is.
 */

const SPEAKERS = ['Dana Reyes', 'Sam Okafor', 'Priya Natarajan'];
const SECTIONS = ['Opening', 'Serving at scale', 'Costs', 'Closing'];
const SENTENCES = [
  'We moved our inference fleet to scale-to-zero and idle cost fell by 62 percent in 2025.',
  'I think the real lesson is that cold starts matter more than peak throughput for agents.',
  'The team decided to cache transcripts because three agents read the same text.',
  'Honestly, the overloaded errors taught us to build a fallback chain before launch.',
  'Our p99 latency dropped from 4.1 seconds to 1.3 seconds after running agents in parallel.',
  'You should measure billed tokens per episode, not just requests per second.',
  'Kubernetes gave us the knobs, but the protocol gave us the contract.',
  'In March 2026 we served 1.2 million episodes with two engineers on call.',
];

function timestamp(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return [hours, minutes, seconds].map((part) => String(part).padStart(2, '0')).join(':');
}

export interface SampleEpisode {
  readonly episode_id: string;
  readonly title: string;
  readonly host: string;
  readonly guests: readonly string[];
  readonly transcript: readonly { timestamp: string; speaker: string; section: string; text: string }[];
}

/** The second sentence of segment `index`: 1 to 7 places after its first, the offset moving on every eight segments. */
function secondSentenceOf(index: number): number {
  const offset = 1 + (Math.floor(index / SENTENCES.length) % (SENTENCES.length - 1));
  return (index + offset) % SENTENCES.length;
}

/** Builds the episode; the same `segmentCount` always gives the same episode. */
export function buildSampleEpisode(segmentCount = 24, episodeId = 'bench-1'): SampleEpisode {
  const transcript = Array.from({ length: segmentCount }, (_, index) => ({
    timestamp: timestamp(index * 37),
    speaker: SPEAKERS[index % SPEAKERS.length] ?? 'Host',
    section: SECTIONS[Math.min(SECTIONS.length - 1, Math.floor((index * SECTIONS.length) / segmentCount))] ?? 'Opening',
    text: `${SENTENCES[index % SENTENCES.length]} ${SENTENCES[secondSentenceOf(index)]}`,
  }));
  return {
    episode_id: episodeId,
    title: 'Serving agent pipelines on Kubernetes',
    host: 'Dana Reyes',
    guests: ['Sam Okafor', 'Priya Natarajan'],
    transcript,
  };
}

/** An OIP v2 infer request body carrying the given episodes as the `episode` BYTES tensor. */
export function inferRequestBody(episodes: readonly SampleEpisode[], parameters: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'bench',
    parameters,
    inputs: [{ name: 'episode', datatype: 'BYTES', shape: [episodes.length], data: episodes.map((episode) => JSON.stringify(episode)) }],
  });
}
