import { expect } from 'chai';
import { InvalidInputError } from '../../predictor/errors.js';
import { assertJsonDepth, scanJsonStructure } from '../../predictor/security/json-depth.js';
import { createRandom, integer, pick } from '../pipeline/support/adversarial-episodes.js';

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

/** The scan stated the plain way, a step per character: what `scanJsonStructure` must agree with. */
function referenceScan(text: string, maxDepth: number): string {
  let depth = 0;
  let digitRun = 0;
  let hasLongDigitRun = false;
  let isInString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (isInString) {
      if (character === '\\') index++;
      else if (character === '"') isInString = false;
      continue;
    }
    if (character !== undefined && character >= '0' && character <= '9') {
      if (++digitRun >= 16) hasLongDigitRun = true;
      continue;
    }
    digitRun = 0;
    if (character === '"') isInString = true;
    else if (character === '[' || character === '{') {
      if (++depth > maxDepth) return `JSON nesting exceeds the maximum depth of ${maxDepth}`;
    } else if ((character === ']' || character === '}') && depth > 0) depth--;
  }
  return `accepted, long digit run: ${hasLongDigitRun}`;
}

describe('scanJsonStructure', () => {
  it('agrees with the character-by-character scan on 3,000 seeded texts of quotes, backslash runs, brackets and digit runs', () => {
    const random = createRandom(20261205);
    const pieces = ['"', '\\', '\\\\', '\\"', '[', ']', '{', '}', '1234567890', '123456', ',', ' ', 'é', '😀', 'a:'];
    const scanned = (text: Uint8Array | string, maxDepth: number) => {
      try {
        return `accepted, long digit run: ${scanJsonStructure(text, maxDepth).hasLongDigitRun}`;
      } catch (error) {
        return (error as Error).message;
      }
    };
    for (let round = 0; round < 3000; round++) {
      const text = Array.from({ length: integer(random, 0, 60) }, () => pick(random, pieces)).join('');
      const maxDepth = integer(random, 0, 6);
      const expected = referenceScan(text, maxDepth);
      expect(scanned(text, maxDepth), `${JSON.stringify(text)} at ${maxDepth}`).to.equal(expected);
      expect(scanned(utf8(text), maxDepth), `bytes of ${JSON.stringify(text)} at ${maxDepth}`).to.equal(expected);
    }
  });

  it('finds a 16-digit run outside strings only, and a 15-digit one not at all', () => {
    expect(scanJsonStructure('[9007199254740993]').hasLongDigitRun).to.equal(true);
    expect(scanJsonStructure('[900719925474099]').hasLongDigitRun).to.equal(false);
    expect(scanJsonStructure(String.raw`["9007199254740993", "\\"]`).hasLongDigitRun).to.equal(false);
    expect(scanJsonStructure(String.raw`["\\", 9007199254740993]`).hasLongDigitRun).to.equal(true);
    expect(scanJsonStructure(String.raw`["\\\"9007199254740993"]`).hasLongDigitRun).to.equal(false);
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
