import { expect } from 'chai';
import { attachGroundingSources } from '../../../predictor/pipeline/agents/attach-grounding-sources.js';

const CLAIM = {
  claim: 'The Challenger Deep is about eleven thousand metres deep.',
  timestamp: '00:01:00',
  verdict: 'verified',
  confidence: 0.9,
  explanation: 'Surveys put the Challenger Deep at roughly 10,935 metres below sea level.',
} as const;

const SOURCES = [{ uri: 'https://noaa.example/deep', title: 'noaa' }, { uri: 'https://other.example/x' }];

describe('attachGroundingSources', () => {
  it('maps a support quoting the JSON answer (key names included) to its claim', () => {
    const supports = [{ text: '"explanation": "Surveys put the Challenger Deep at roughly 10,935 metres', sourceIndices: [0] }];
    const [claim] = attachGroundingSources([CLAIM], { webSearchQueries: [], sources: SOURCES, supports });
    expect(claim?.sources).to.deep.equal([{ uri: 'https://noaa.example/deep', title: 'noaa' }]);
  });

  it('maps a support that covers most words of the claim in another order', () => {
    const supports = [{ text: 'eleven thousand metres: how deep the Challenger Deep is', sourceIndices: [1, 1] }];
    const [claim] = attachGroundingSources([CLAIM], { webSearchQueries: [], sources: SOURCES, supports });
    expect(claim?.sources).to.deep.equal([{ uri: 'https://other.example/x' }]);
  });

  it('ignores short or unrelated supports', () => {
    const supports = [
      { text: 'Deep', sourceIndices: [0] },
      { text: 'Battery prices fell sharply over the last decade.', sourceIndices: [1] },
    ];
    const [claim] = attachGroundingSources([CLAIM], { webSearchQueries: [], sources: SOURCES, supports });
    expect(claim?.sources).to.deep.equal([]);
  });
});
