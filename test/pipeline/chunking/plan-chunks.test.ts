import { expect } from 'chai';
import type { Episode } from '../../../predictor/pipeline/episode.js';
import {
  planChunks,
  TASK_OVERHEAD_TOKENS,
  transcriptBlockTokens,
  type TranscriptChunk,
} from '../../../predictor/pipeline/chunking/plan-chunks.js';
import { fixtureEpisode } from '../support/episodes.js';

function withoutSections(episode: Episode): Episode {
  return { ...episode, segments: episode.segments.map(({ section: _section, ...segment }) => segment) };
}

function expectCoverage(chunks: readonly TranscriptChunk[], episode: Episode, overlap: number): void {
  expect(chunks[0]?.startSegment).to.equal(0);
  expect(chunks.at(-1)?.endSegment).to.equal(episode.segments.length);
  for (const [index, chunk] of chunks.entries()) {
    expect(chunk).to.include({ index, count: chunks.length });
    expect(chunk.episode.segments).to.deep.equal(episode.segments.slice(chunk.startSegment, chunk.endSegment));
    const next = chunks[index + 1];
    if (next) expect(chunk.endSegment - next.startSegment).to.equal(overlap);
  }
}

describe('planChunks', () => {
  it('keeps a transcript within the budget whole, as the episode itself', () => {
    const episode = fixtureEpisode('grid-under-pressure');
    const chunks = planChunks(episode, { maxInputTokens: 200_000, overlapSegments: 2 });
    expect(chunks).to.have.length(1);
    expect(chunks[0]?.episode).to.equal(episode);
    expect(chunks[0]).to.include({ index: 0, count: 1, startSegment: 0, endSegment: episode.segments.length });
  });

  it('splits the 420-segment episode at section boundaries, within budget, with the configured overlap', () => {
    const episode = fixtureEpisode('deep-sea-marathon');
    expect(episode.segments).to.have.length(420);
    const chunks = planChunks(episode, { maxInputTokens: 6_000, overlapSegments: 2 });
    expect(chunks).to.have.length(8);
    expectCoverage(chunks, episode, 2);
    for (const chunk of chunks) {
      expect(transcriptBlockTokens(chunk.episode) + TASK_OVERHEAD_TOKENS).to.be.at.most(6_000);
      const last = episode.segments[chunk.endSegment - 1];
      const after = episode.segments[chunk.endSegment];
      if (after) expect(after.section, `cut after segment ${chunk.endSegment - 1}`).to.not.equal(last?.section);
    }
  });

  it('keeps the header and the original timestamps in every chunk', () => {
    const episode = fixtureEpisode('deep-sea-marathon');
    const chunks = planChunks(episode, { maxInputTokens: 8_000, overlapSegments: 1 });
    expect(chunks.length).to.be.greaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.episode).to.include({ title: episode.title, host: episode.host, hasTimestamps: true });
      expect(chunk.episode.segments[0]?.timestamp).to.equal(episode.segments[chunk.startSegment]?.timestamp);
    }
  });

  it('cuts at segment boundaries when the transcript has no sections', () => {
    const episode = withoutSections(fixtureEpisode('deep-sea-marathon'));
    const chunks = planChunks(episode, { maxInputTokens: 6_000, overlapSegments: 3 });
    expect(chunks.length).to.be.greaterThan(4);
    expectCoverage(chunks, episode, 3);
    for (const chunk of chunks) expect(transcriptBlockTokens(chunk.episode) + TASK_OVERHEAD_TOKENS).to.be.at.most(6_000);
  });

  it('partitions without overlap when the overlap is 0', () => {
    const episode = withoutSections(fixtureEpisode('deep-sea-marathon'));
    const chunks = planChunks(episode, { maxInputTokens: 5_000, overlapSegments: 0 });
    expectCoverage(chunks, episode, 0);
    expect(chunks.reduce((total, chunk) => total + chunk.episode.segments.length, 0)).to.equal(420);
  });

  it('keeps whole a transcript whose text is over the budget only in whitespace the formatting collapses', () => {
    const padded = (second: number) => ({ timestamp: `00:00:${second}`, speaker: 'Bo', text: `line ${second}${' \n'.repeat(1_000)}end` });
    const episode: Episode = { title: 'Padded', guests: [], segments: [10, 11, 12, 13].map(padded), hasTimestamps: true };
    const textTokens = Math.ceil(episode.segments.reduce((sum, segment) => sum + segment.text.length, 0) / 4);

    const chunks = planChunks(episode, { maxInputTokens: 2_000, overlapSegments: 2 });

    expect(textTokens).to.be.greaterThan(2_000);
    expect(chunks).to.have.length(1);
    expect(chunks[0]?.episode).to.equal(episode);
    expect(transcriptBlockTokens(episode) + TASK_OVERHEAD_TOKENS).to.be.at.most(2_000);
  });

  it('gives a segment larger than the budget a chunk of its own and overlaps at most half a chunk', () => {
    const long = { timestamp: '00:00:10', speaker: 'Ana', text: 'word '.repeat(4_000).trim() };
    const short = (second: number) => ({ timestamp: `00:00:${second}`, speaker: 'Bo', text: 'A short line of talk.' });
    const episode: Episode = { title: 'Big', guests: [], segments: [short(11), long, short(12), short(13)], hasTimestamps: true };
    const chunks = planChunks(episode, { maxInputTokens: 2_000, overlapSegments: 2 });
    expect(chunks.map((chunk) => [chunk.startSegment, chunk.endSegment])).to.deep.equal([
      [0, 1],
      [1, 2],
      [2, 4],
    ]);
  });
});
