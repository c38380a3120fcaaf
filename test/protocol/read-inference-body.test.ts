import { expect } from 'chai';
import { readInferenceBody } from '../../predictor/protocol/read-inference-body.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('readInferenceBody', () => {
  it('parses the whole body as JSON without the header', () => {
    expect(readInferenceBody(utf8('{"inputs":[]}'), undefined)).to.deep.equal({ json: { inputs: [] } });
  });

  it('splits the JSON header from the binary part at Inference-Header-Content-Length', () => {
    const body = Uint8Array.from([...utf8('{"inputs":[]}'), 1, 2, 3]);
    const { json, binary } = readInferenceBody(body, '13');
    expect(json).to.deep.equal({ inputs: [] });
    expect([...binary!]).to.deep.equal([1, 2, 3]);
  });

  it('accepts a header that covers the whole body (an empty binary part)', () => {
    expect([...readInferenceBody(utf8('{"inputs":[]}'), '13').binary!]).to.deep.equal([]);
  });

  it('rejects header values that are not a byte count within the body', () => {
    const body = utf8('{"inputs":[]}');
    expect(() => readInferenceBody(body, 'abc')).to.throw("Inference-Header-Content-Length must be a decimal byte count, got 'abc'");
    expect(() => readInferenceBody(body, '-1')).to.throw('decimal byte count');
    expect(() => readInferenceBody(body, '14')).to.throw('must be between 1 and the body length 13');
    expect(() => readInferenceBody(body, '0')).to.throw('must be between 1');
  });

  it('names the JSON header when it is cut inside the JSON', () => {
    expect(() => readInferenceBody(utf8('{"inputs":[]}'), '5')).to.throw(/^JSON header of the request is not valid JSON/);
  });

  it('reports a missing body as empty', () => {
    expect(() => readInferenceBody(undefined, undefined)).to.throw('Request body is empty');
  });
});
