import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { expect } from 'chai';
import { conformToSchema } from '../../predictor/emulator/schema-instance.js';

const WORDS = { words: ['alpha', 'beta', 'gamma'] };

function expectValid(schema: Record<string, unknown>, value: unknown): void {
  const ajv = new Ajv({ allErrors: true, strict: false });
  formats.default(ajv);
  const validate = ajv.compile(schema);
  expect(validate(value), JSON.stringify(validate.errors)).to.equal(true);
}

describe('conformToSchema', () => {
  it('keeps a fitting draft and trims, pads, clamps and enforces enums where it does not fit', () => {
    const schema = {
      type: 'object',
      properties: {
        tags: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 3 },
        notes: { type: 'array', items: { type: 'string' }, maxItems: 2 },
        confidence: { type: 'number', minimum: 0, maximum: 1 },
        verdict: { type: 'string', enum: ['verified', 'unverifiable'] },
        title: { type: 'string' },
      },
      required: ['tags', 'notes', 'confidence', 'verdict', 'title'],
    };
    const draft = { tags: ['one'], notes: ['a', 'b', 'c'], confidence: 7, verdict: 'maybe', title: 'kept', extra: true };

    const value = conformToSchema(draft, schema, WORDS);

    expectValid(schema, value);
    expect(value).to.deep.equal({ tags: ['one', 'alpha'], notes: ['a', 'b'], confidence: 1, verdict: 'verified', title: 'kept' });
  });

  it('fills a blank draft for $ref, anyOf, integers with exclusive bounds, nullable and const', () => {
    const schema = {
      $defs: { score: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10 } },
      type: 'object',
      properties: {
        score: { $ref: '#/$defs/score' },
        label: { anyOf: [{ type: 'string', minLength: 12 }, { type: 'null' }] },
        kind: { const: 'judge' },
        when: { type: 'string', format: 'date-time' },
        optional: { type: ['boolean', 'null'] },
      },
      required: ['score', 'label', 'kind', 'when'],
    };

    const value = conformToSchema(undefined, schema, WORDS);

    expectValid(schema, value);
    expect((value as { score: number }).score).to.equal(5);
  });

  it('accepts OpenAPI-style upper-case types of responseSchema', () => {
    const schema = {
      type: 'OBJECT',
      properties: { items: { type: 'ARRAY', items: { type: 'INTEGER', minimum: 3 } } },
      required: ['items'],
    };

    const value = conformToSchema({ items: [1, 'x'] }, schema, WORDS);

    expect(value).to.deep.equal({ items: [3, 3] });
  });

  it('stops at a recursive schema instead of looping', () => {
    const schema = {
      $defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } }, required: ['child'] } },
      $ref: '#/$defs/node',
    };

    const value = conformToSchema(undefined, schema, WORDS);

    expect(JSON.stringify(value).length).to.be.lessThan(1000);
  });
});
