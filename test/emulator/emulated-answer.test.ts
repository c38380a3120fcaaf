import { expect } from 'chai';
import { createAnswerer, emulateAnswer, findSchemaInProse } from '../../predictor/emulator/emulated-answer.js';
import { formatTranscriptBlock } from '../../predictor/pipeline/transcript-format.js';
import { SAMPLE_EPISODE } from './sample-episode.js';

const INPUT = { instructionTexts: [], userTexts: [formatTranscriptBlock(SAMPLE_EPISODE)], useGoogleSearch: false };

describe('findSchemaInProse', () => {
  it('parses a schema spelled out after "JSON schema:", braces inside strings included', () => {
    const schema = { type: 'object', properties: { note: { type: 'string', description: 'a } brace' } } };

    expect(findSchemaInProse(['Intro.', `Answer matching this JSON schema: ${JSON.stringify(schema)} Thanks.`])).to.deep.equal(schema);
    expect(findSchemaInProse(['No schema here {"type":"object"}'])).to.equal(undefined);
  });
});

describe('emulateAnswer', () => {
  it('grounds nothing when Search is off', () => {
    expect(emulateAnswer({ ...INPUT, schema: { type: 'object', properties: { claims: { type: 'array' } } } }).grounding).to.equal(
      undefined,
    );
  });
});

describe('createAnswerer', () => {
  it('returns the remembered answer for a repeated input and forgets the least recently used', () => {
    const answer = createAnswerer({ maxEntries: 1 });
    const other = { ...INPUT, userTexts: ['Something else entirely.'] };

    const first = answer(INPUT);
    const repeated = answer(INPUT);
    answer(other);
    const recomputed = answer(INPUT);

    expect(repeated).to.equal(first);
    expect(recomputed).not.to.equal(first);
    expect(recomputed).to.deep.equal(first);
  });
});
