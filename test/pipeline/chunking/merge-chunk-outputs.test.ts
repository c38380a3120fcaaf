import { expect } from 'chai';
import type { CheckedClaim, InsightsOutput, SummaryOutput } from '../../../predictor/pipeline/agent-output-schemas.js';
import { mergeFactChecks, mergeInsights, mergeSummaries } from '../../../predictor/pipeline/chunking/merge-chunk-outputs.js';
import { fixtureEpisode } from '../support/episodes.js';

function quoteOf(episode: ReturnType<typeof fixtureEpisode>, index: number, words?: string) {
  const segment = episode.segments[index]!;
  return { quote: words ?? segment.text, speaker: segment.speaker, timestamp: segment.timestamp };
}

function insights(overrides: Partial<InsightsOutput>): InsightsOutput {
  return { takeaways: ['one'], notable_quotes: [], topic_tags: ['ocean'], ...overrides };
}

function claim(text: string, timestamp: string): CheckedClaim {
  return { claim: text, timestamp, verdict: 'unverifiable', confidence: 0.5, explanation: 'n/a', sources: [] };
}

describe('mergeInsights', () => {
  const episode = fixtureEpisode('deep-sea-marathon');

  it('keeps a quote at its original timestamp even when its words recur earlier in the episode', () => {
    const words = 'polymetallic nodules grow only a few millimetres every million years';
    expect(episode.segments[60]?.text).to.include(words);
    const late = quoteOf(episode, 300, words);
    const merged = mergeInsights([insights({}), insights({ notable_quotes: [late] })], episode);
    expect(merged.notable_quotes).to.deep.equal([late]);
    expect(late.timestamp).to.not.equal(episode.segments[60]?.timestamp);
  });

  it('drops quotes whose timestamp does not hold them, and duplicates from overlapping chunks', () => {
    const real = quoteOf(episode, 61);
    const moved = { ...quoteOf(episode, 61), timestamp: episode.segments[1]!.timestamp };
    const merged = mergeInsights(
      [insights({ notable_quotes: [real, moved] }), insights({ notable_quotes: [{ ...real, quote: real.quote.toUpperCase() }] })],
      episode,
    );
    expect(merged.notable_quotes).to.deep.equal([real]);
  });

  it('takes at most five takeaways fairly from every chunk, at most eight quotes in episode order, tags by frequency', () => {
    const parts = [0, 1, 2].map((chunk) =>
      insights({
        takeaways: [1, 2, 3, 4, 5].map((rank) => `chunk ${chunk} takeaway ${rank}`),
        notable_quotes: [0, 1, 2, 3].map((offset) => quoteOf(episode, chunk * 100 + offset)),
        topic_tags: chunk === 2 ? ['Robots', 'ocean'] : ['ocean', `part ${chunk}`],
      }),
    );
    const merged = mergeInsights(parts, episode);
    expect(merged.takeaways).to.deep.equal([
      'chunk 0 takeaway 1',
      'chunk 1 takeaway 1',
      'chunk 2 takeaway 1',
      'chunk 0 takeaway 2',
      'chunk 1 takeaway 2',
    ]);
    expect(merged.notable_quotes).to.have.length(8);
    const positions = merged.notable_quotes.map((quote) => episode.segments.findIndex((segment) => segment.timestamp === quote.timestamp));
    expect(positions).to.deep.equal([0, 1, 2, 100, 101, 102, 200, 201]);
    expect(merged.topic_tags).to.deep.equal(['ocean', 'part 0', 'part 1', 'robots']);
  });
});

describe('mergeFactChecks', () => {
  it('keeps claims from every chunk with their timestamps, without overlap duplicates, at most fifteen', () => {
    const parts = [0, 1].map((chunk) => ({
      claims: Array.from({ length: 10 }, (_, rank) => claim(`Claim ${chunk * 5 + rank} is a fact.`, `00:0${chunk}:${10 + rank}`)),
    }));
    const merged = mergeFactChecks(parts);
    expect(merged.claims).to.have.length(15);
    expect(new Set(merged.claims.map((item) => item.claim)).size).to.equal(15);
    // Claims 5..9 appear in both chunks (as in an overlap); one copy is kept, the more consequential one.
    expect(merged.claims.filter((item) => item.claim === 'Claim 7 is a fact.').map((item) => item.timestamp)).to.deep.equal(['00:01:12']);
    expect(merged.claims.filter((item) => item.timestamp.startsWith('00:00'))).to.have.length(5);
  });
});

describe('mergeSummaries', () => {
  it('joins overviews and keeps the schema limits', () => {
    const part = (chunk: number): SummaryOutput => ({
      overview: `Part ${chunk} overview.`,
      core_themes: ['deep sea', `theme ${chunk}`],
      key_discussions: Array.from({ length: 6 }, (_, rank) => ({ topic: `topic ${chunk}.${rank}`, summary: 'text' })),
      outcomes: Array.from({ length: 6 }, (_, rank) => ({ statement: `outcome ${chunk}.${rank}` })),
    });
    const merged = mergeSummaries([part(1), part(2)]);
    expect(merged.overview).to.equal('Part 1 overview. Part 2 overview.');
    expect(merged.core_themes).to.deep.equal(['deep sea', 'theme 1', 'theme 2']);
    expect(merged.key_discussions).to.have.length(10);
    expect(merged.key_discussions[0]?.topic).to.equal('topic 1.0');
    expect(merged.key_discussions.at(-1)?.topic).to.equal('topic 2.4');
    expect(merged.outcomes).to.have.length(10);
  });
});
