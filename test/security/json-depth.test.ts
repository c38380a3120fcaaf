import { expect } from 'chai';
import { InvalidInputError } from '../../predictor/errors.js';
import { assertJsonDepth } from '../../predictor/security/json-depth.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let index = 0; index < depth; index++) value = index % 2 === 0 ? [value] : { a: value };
  return value;
}

describe('assertJsonDepth', () => {
  it('accepts text exactly at the limit and scalars', () => {
    expect(() => assertJsonDepth(utf8(JSON.stringify(nested(32))), 32)).not.to.throw();
    expect(() => assertJsonDepth(utf8('"text"'), 1)).not.to.throw();
    expect(() => assertJsonDepth(utf8('[[],[],{"a":1}]'), 2)).not.to.throw();
  });

  it('rejects one level deeper with InvalidInputError', () => {
    expect(() => assertJsonDepth(utf8(JSON.stringify(nested(33))), 32)).to.throw(
      InvalidInputError,
      'JSON nesting exceeds the maximum depth of 32',
    );
  });

  it('does not count brackets inside strings, including after escaped quotes and backslashes', () => {
    expect(() => assertJsonDepth(utf8('{"a":"[[[[[[[[[[\\"{{{{"}'), 2)).not.to.throw();
    expect(() => assertJsonDepth(utf8('["\\\\",[[1]]]'), 2)).to.throw(InvalidInputError);
    expect(() => assertJsonDepth(utf8('{"\\"[[[":["\\u005b\\\\\\"]]]"]}'), 2)).not.to.throw();
  });

  it('does not count brackets inside multi-byte UTF-8 strings', () => {
    expect(() => assertJsonDepth(utf8('{"é[[[😀\\"[[[":[["ü"]]}'), 3)).not.to.throw();
  });

  it('lets no stray closing bracket buy headroom for deeper nesting after it', () => {
    expect(() => assertJsonDepth(utf8(']]]]' + '['.repeat(5)), 3)).to.throw(InvalidInputError);
  });

  it('refuses a 10 MB body of nested arrays, far beyond the call stack', () => {
    const half = 5 * 1024 * 1024;
    expect(() => assertJsonDepth(utf8('['.repeat(half) + ']'.repeat(half)), 64)).to.throw(InvalidInputError);
  });

  it('agrees with the nesting of serialised values', () => {
    const text = utf8(JSON.stringify(nested(10)));
    expect(() => assertJsonDepth(text, 10)).not.to.throw();
    expect(() => assertJsonDepth(text, 9)).to.throw(InvalidInputError);
  });

  it('scans a string by its code units exactly as its UTF-8 bytes, across brackets in strings, escapes and astral text', () => {
    const texts = [
      JSON.stringify(nested(32)),
      JSON.stringify(nested(33)),
      '{"é[[[😀\\"[[[":[["ü"]]}',
      '["\\\\",[[1]]]',
      ']]]]' + '['.repeat(5),
      JSON.stringify({ a: ['\ud83d[[[', { b: '"]]]' }, [[['😀']]]] }),
    ];
    for (const text of texts) {
      for (const maxDepth of [1, 2, 3, 5, 32]) {
        const fromBytes = outcome(() => assertJsonDepth(utf8(text), maxDepth));
        expect(
          outcome(() => assertJsonDepth(text, maxDepth)),
          `${text} at ${maxDepth}`,
        ).to.equal(fromBytes);
      }
    }
  });
});

function outcome(run: () => void): string {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  }
}
