import { expect } from 'chai';
import {
  analyseTranscript,
  contentWords,
  MAX_SENTENCE_CHARS,
  salientSentences,
  splitSentences,
} from '../../predictor/emulator/transcript-analysis.js';
import { formatTranscriptBlock } from '../../predictor/pipeline/transcript-format.js';
import { SAMPLE_EPISODE } from './sample-episode.js';

describe('splitSentences', () => {
  it('splits at end punctuation followed by space and keeps decimals and quotes whole', () => {
    expect(splitSentences('It rose 3.5 percent. "Really?" she asked!  Yes')).to.deep.equal([
      'It rose 3.5 percent.',
      '"Really?"',
      'she asked!',
      'Yes',
    ]);
  });

  it('cuts text without sentence ends to its start, at a space, so answers stay within the output token limit', () => {
    const unpunctuated = 'lorem ipsum '.repeat(100_000);
    const run = 'QUJD'.repeat(1_000);

    const [sentence] = splitSentences(unpunctuated);
    const [token] = splitSentences(run);

    expect(sentence).to.have.length.of.at.most(MAX_SENTENCE_CHARS);
    expect(unpunctuated.startsWith(`${sentence} `)).to.equal(true);
    expect(token).to.equal(run.slice(0, MAX_SENTENCE_CHARS));
  });
});

describe('contentWords', () => {
  it('drops stopwords, short words and bare numbers, and keeps accents', () => {
    expect(contentWords("The colony's 40000 bees, and Tomás's café")).to.deep.equal(['colony', 'bees', 'tomás', 'café']);
  });
});

describe('analyseTranscript', () => {
  it('reads the title and ties every sentence to its segment', () => {
    const analysis = analyseTranscript(`Instructions first.\n${formatTranscriptBlock(SAMPLE_EPISODE)}\nThen the task.`);

    expect(analysis.title).to.equal('Rooftop Bees and City Gardens');
    expect(analysis.segments).to.have.length(SAMPLE_EPISODE.segments.length);
    for (const sentence of analysis.sentences) expect(sentence.segment.text).to.contain(sentence.text);
    expect(analysis.topWords[0]).to.equal('colonies');
  });

  it('treats a prompt without a transcript block line by line', () => {
    const analysis = analyseTranscript('First line here.\n\nSecond line there.');

    expect(analysis.segments.map((segment) => segment.text)).to.deep.equal(['First line here.', 'Second line there.']);
  });
});

describe('salientSentences', () => {
  it('returns the best-scoring long sentences in transcript order', () => {
    const { sentences } = analyseTranscript(formatTranscriptBlock(SAMPLE_EPISODE));

    const picked = salientSentences(sentences, 3);

    const positions = picked.map((sentence) => sentences.indexOf(sentence));
    expect(picked).to.have.length(3);
    expect([...positions].sort((left, right) => left - right)).to.deep.equal(positions);
  });
});
