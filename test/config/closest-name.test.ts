import { expect } from 'chai';
import { closestName, editDistance } from '../../predictor/config/closest-name.js';

describe('closestName', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('http_port', 'http_port')).to.equal(0);
    expect(editDistance('htp_port', 'http_port')).to.equal(1);
    expect(editDistance('http-port', 'http_port')).to.equal(1);
    expect(editDistance('', 'abc')).to.equal(3);
  });

  it('suggests the nearest name within a third of its length, and nothing for an unrelated word', () => {
    const flags = ['http_port', 'grpc_port', 'model_name'];
    expect(closestName('htp_port', flags)).to.equal('http_port');
    expect(closestName('HTTP_PORT', flags)).to.equal('http_port');
    expect(closestName('grpc-port', flags)).to.equal('grpc_port');
    expect(closestName('outdir', flags)).to.equal(undefined);
  });
});
