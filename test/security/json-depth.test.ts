import { expect } from 'chai';
import { InvalidInputError } from '../../predictor/errors.js';
import { assertJsonDepth, assertJsonTextDepth } from '../../predictor/security/json-depth.js';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let index = 0; index < depth; index++) value = index % 2 === 0 ? [value] : { a: value };
  return value;
}

describe('assertJsonDepth', () => {
  it('accepts a value exactly at the limit and scalars', () => {
    expect(() => assertJsonDepth(nested(32), 32)).not.to.throw();
    expect(() => assertJsonDepth('text', 1)).not.to.throw();
  });

  it('rejects one level deeper with InvalidInputError', () => {
    expect(() => assertJsonDepth(nested(33), 32)).to.throw(InvalidInputError, /maximum depth of 32/);
  });

  it('handles nesting far beyond the call stack without overflowing', () => {
    expect(() => assertJsonDepth(nested(200_000), 32)).to.throw(InvalidInputError);
  });
});

describe('assertJsonTextDepth', () => {
  it('counts brackets outside strings only', () => {
    expect(() => assertJsonTextDepth('{"a":"[[[[[[[[[[\\"{{{{"}', 2)).not.to.throw();
    expect(() => assertJsonTextDepth('{"a":[[1]]}', 2)).to.throw(InvalidInputError);
  });

  it('agrees with assertJsonDepth on serialised values', () => {
    const text = JSON.stringify(nested(10));
    expect(() => assertJsonTextDepth(text, 10)).not.to.throw();
    expect(() => assertJsonTextDepth(text, 9)).to.throw(InvalidInputError);
  });
});
