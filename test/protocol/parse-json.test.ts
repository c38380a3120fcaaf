import { expect } from 'chai';
import { InvalidInputError } from '../../predictor/errors.js';
import { parseJsonBody } from '../../predictor/protocol/parse-json.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('parseJsonBody', () => {
  it('parses a JSON object', () => {
    expect(parseJsonBody(utf8('{"inputs":[]}'))).to.deep.equal({ inputs: [] });
  });

  it('keeps integers beyond 2^53 exact as bigint, and leaves other numbers alone', () => {
    expect(parseJsonBody(utf8('{"data":[18446744073709551615,-9223372036854775808,12,1e300,12345678901234567.5]}'))).to.deep.equal({
      data: [18446744073709551615n, -9223372036854775808n, 12, 1e300, Number('12345678901234567.5')],
    });
  });

  it('keeps a big integer exact after strings holding escapes, quotes and digit runs', () => {
    expect(parseJsonBody(utf8(String.raw`{"a":"\\","q":"\"9007199254740993\"","b":18446744073709551615}`))).to.deep.equal({
      a: '\\',
      q: '"9007199254740993"',
      b: 18446744073709551615n,
    });
  });

  it('drops a leading byte-order mark', () => {
    expect(parseJsonBody(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('{}')]))).to.deep.equal({});
  });

  it('refuses nesting deeper than maxDepth', () => {
    expect(parseJsonBody(utf8('[[1]]'), { maxDepth: 2 })).to.deep.equal([[1]]);
    expect(() => parseJsonBody(utf8('[[[1]]]'), { maxDepth: 2 })).to.throw('JSON nesting exceeds the maximum depth of 2');
  });

  it('checks the nesting before parsing: a deep body is refused for its depth even when it is not JSON', () => {
    expect(() => parseJsonBody(utf8('[[[ not json'), { maxDepth: 2 })).to.throw('JSON nesting exceeds the maximum depth of 2');
  });

  it('decodes before it scans: a deep body that is not UTF-8 is refused as not UTF-8 (decoding never recurses)', () => {
    expect(() => parseJsonBody(Uint8Array.from([...utf8('[[['), 0xff]), { maxDepth: 2 })).to.throw(InvalidInputError, 'not valid UTF-8');
  });

  it('does not count brackets inside strings toward the depth', () => {
    expect(parseJsonBody(utf8(String.raw`{"a":"[[[{{{\"]]]\\"}`), { maxDepth: 1 })).to.deep.equal({ a: '[[[{{{"]]]\\' });
  });

  it('rejects an empty body, bad UTF-8 and bad JSON with a clear message', () => {
    expect(() => parseJsonBody(new Uint8Array(0))).to.throw('Request body is empty; expected a JSON object');
    expect(() => parseJsonBody(Uint8Array.from([0x7b, 0xff, 0x7d]))).to.throw('Request body is not valid UTF-8');
    expect(() => parseJsonBody(utf8('{"inputs": ['))).to.throw(/^Request body is not valid JSON: /);
  });
});
