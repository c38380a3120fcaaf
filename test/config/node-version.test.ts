import { expect } from 'chai';
import { unsupportedNodeMessage } from '../../predictor/config/node-version.js';

describe('unsupportedNodeMessage', () => {
  it('accepts every Node.js 24 release', () => {
    expect(unsupportedNodeMessage('v24.0.0')).to.equal(undefined);
    expect(unsupportedNodeMessage('v24.21.3')).to.equal(undefined);
  });

  it('names the running version and the one needed for any other major', () => {
    expect(unsupportedNodeMessage('v20.19.2')).to.equal(
      "unsupported Node.js v20.19.2: this server needs Node.js 24.x (npm start uses the project's pinned node; the container image has it)",
    );
    expect(unsupportedNodeMessage('v25.0.0')).to.match(/^unsupported Node\.js v25\.0\.0: /);
    expect(unsupportedNodeMessage('nonsense')).to.match(/^unsupported Node\.js nonsense: /);
  });
});
