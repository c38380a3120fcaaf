import { expect } from 'chai';
import { buildInferenceRequest, episodesOf, formatInferenceResponse } from '../../scripts/deploy/inference-request.js';

describe('buildInferenceRequest', () => {
  it('sends the episodes as one BYTES tensor named episode, one JSON document per element', () => {
    const episodes = episodesOf([
      { title: 'A', transcript: 'x' },
      { title: 'B', transcript: 'y' },
    ]);

    const body = buildInferenceRequest(episodes, 'request-1');

    expect(body).to.deep.equal({
      id: 'request-1',
      inputs: [
        { name: 'episode', shape: [2], datatype: 'BYTES', data: ['{"title":"A","transcript":"x"}', '{"title":"B","transcript":"y"}'] },
      ],
    });
  });

  it('treats a single episode object as a batch of one, and refuses an empty batch', () => {
    expect(episodesOf({ title: 'A' })).to.deep.equal([{ title: 'A' }]);
    expect(() => buildInferenceRequest([], 'r')).to.throw(RangeError);
  });
});

describe('formatInferenceResponse', () => {
  it('prints each output, pretty-printing JSON elements and keeping text as it is', () => {
    const text = formatInferenceResponse({
      model_name: 'podcast-pipeline',
      outputs: [
        { name: 'report', datatype: 'BYTES', shape: [1], data: ['# Report\n\nFine.'] },
        { name: 'analysis', datatype: 'BYTES', shape: [1], data: ['{"summary":"s"}'] },
      ],
    });

    expect(text).to.equal('== report (BYTES [1])\n-- [0]\n# Report\n\nFine.\n\n== analysis (BYTES [1])\n-- [0]\n{\n  "summary": "s"\n}\n');
  });

  it('prints a body without outputs as JSON', () => {
    expect(formatInferenceResponse({ error: 'x' })).to.equal('{\n  "error": "x"\n}\n');
  });
});
