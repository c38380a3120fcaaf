import { expect } from 'chai';
import { analyseTranscript, contentWords, salientSentences, splitSentences } from '../../predictor/emulator/transcript-analysis.js';
import { formatTranscriptBlock } from '../../predictor/pipeline/transcript-format.js';
import { SAMPLE_EPISODE } from './sample-episode.js';

describe('splitSentences', () => {
  it('splits at end punctuation followed by space and keeps decimals and quotes whole', () => {
    expect(splitSentences('It rose 3.5 percent. "Really?" she asked!  Yes')).to.deep.equal(['It rose 3.5 percent.', '"Really?"', 'she asked!', 'Yes']);
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
