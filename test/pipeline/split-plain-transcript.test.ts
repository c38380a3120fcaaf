import { expect } from 'chai';
import { splitPlainTranscript } from '../../predictor/pipeline/split-plain-transcript.js';

describe('splitPlainTranscript', () => {
  it('recognises multi-word names, numbered speakers and name particles', () => {
    const text = 'Dr. Jane van Dyke: First.\nSpeaker 2: Second.\nJEAN-LUC: Third.';
    expect(splitPlainTranscript(text).map((segment) => segment.speaker)).to.deep.equal(['Dr. Jane van Dyke', 'Speaker 2', 'JEAN-LUC']);
  });

  it('does not take a sentence with a colon, or a clock time, for a speaker', () => {
    const text = "So here's the thing: it works.\nWe met at 10:30 yesterday.";
    const [segment] = splitPlainTranscript(text);
    expect(segment).to.deep.equal({ timestamp: '', speaker: 'Unknown', text: "So here's the thing: it works. We met at 10:30 yesterday." });
  });

  it('reads a bracketed timestamp with or without a speaker', () => {
    const segments = splitPlainTranscript('[01:02:03] Ana: Hello.\n[1:04] A line without a speaker.');
    expect(segments).to.deep.equal([
      { timestamp: '01:02:03', speaker: 'Ana', text: 'Hello.' },
      { timestamp: '1:04', speaker: 'Unknown', text: 'A line without a speaker.' },
    ]);
  });

  it('returns nothing for blank text', () => {
    expect(splitPlainTranscript('\n  \n\t\n')).to.deep.equal([]);
  });
});
