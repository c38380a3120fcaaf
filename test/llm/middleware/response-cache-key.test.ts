import { expect } from 'chai';
import type { GenerateRequest } from '../../../predictor/llm/language-model.js';
import { canonicalJson, responseCacheKey } from '../../../predictor/llm/middleware/response-cache-key.js';
import { deepFreeze } from '../../../predictor/deep-freeze.js';
import { createRandom, integer, pick } from '../../pipeline/support/adversarial-episodes.js';

// Required<>: a new request field fails to compile here until the key test covers it.
const base: Required<GenerateRequest> = {
  systemInstruction: 'You summarise podcasts.',
  contents: ['<transcript>hello</transcript>', 'Summarise.'],
  responseJsonSchema: { type: 'object', properties: { summary: { type: 'string' } } },
  useGoogleSearch: false,
  temperature: 0.2,
  maxOutputTokens: 4096,
  thinkingLevel: 'low',
  seed: 7,
  cachedContent: 'cachedContents/abc',
  serviceTier: 'standard',
  labels: { agent: 'summarizer', prompt_version: 'v1' },
};
const { responseJsonSchema: _schema, ...baseWithoutSchema } = base;

const variants: [string, GenerateRequest][] = [
  ['systemInstruction', { ...base, systemInstruction: 'You summarise podcasts!' }],
  ['contents text', { ...base, contents: ['<transcript>hello!</transcript>', 'Summarise.'] }],
  ['contents split', { ...base, contents: ['<transcript>hello</transcript>Summarise.'] }],
  ['contents order', { ...base, contents: ['Summarise.', '<transcript>hello</transcript>'] }],
  ['responseJsonSchema', { ...base, responseJsonSchema: { type: 'object', properties: { summary: { type: 'number' } } } }],
  ['responseJsonSchema absent', baseWithoutSchema],
  ['useGoogleSearch', { ...base, useGoogleSearch: true }],
  ['temperature', { ...base, temperature: 0.3 }],
  ['maxOutputTokens', { ...base, maxOutputTokens: 4095 }],
  ['thinkingLevel', { ...base, thinkingLevel: 'high' }],
  ['seed', { ...base, seed: 8 }],
  ['cachedContent', { ...base, cachedContent: 'cachedContents/def' }],
  ['serviceTier', { ...base, serviceTier: 'provisioned' }],
  ['labels.prompt_version', { ...base, labels: { agent: 'summarizer', prompt_version: 'v2' } }],
  ['labels.agent', { ...base, labels: { agent: 'insights', prompt_version: 'v1' } }],
];

describe('responseCacheKey', () => {
  const baseKey = responseCacheKey('gemini-3.8-flash', base);

  it('is a hex sha256 and stable for the same request', () => {
    expect(baseKey).to.match(/^[0-9a-f]{64}$/);
    expect(responseCacheKey('gemini-3.8-flash', { ...base })).to.equal(baseKey);
  });

  it('changes with the model id', () => {
    expect(responseCacheKey('gemini-3.1-pro-preview', base)).to.not.equal(baseKey);
  });

  it('changes with the scope, and an absent scope keeps the unscoped key', () => {
    const teamA = responseCacheKey('gemini-3.8-flash', base, 'team-a');
    expect(teamA).to.not.equal(baseKey);
    expect(responseCacheKey('gemini-3.8-flash', base, 'team-b')).to.not.equal(teamA);
    expect(responseCacheKey('gemini-3.8-flash', base, undefined)).to.equal(baseKey);
  });

  for (const [field, variant] of variants) {
    it(`changes when ${field} changes`, () => {
      expect(responseCacheKey('gemini-3.8-flash', variant)).to.not.equal(baseKey);
    });
  }

  it('has a variant for every request field', () => {
    for (const field of Object.keys(base)) {
      expect(
        variants.some(([name]) => name.startsWith(field)),
        field,
      ).to.equal(true);
    }
  });

  it('gives every variant a distinct key', () => {
    const keys = new Set(variants.map(([, variant]) => responseCacheKey('gemini-3.8-flash', variant)));
    expect(keys.size).to.equal(variants.length);
  });

  it('ignores property order, including inside the schema and labels', () => {
    const reordered: GenerateRequest = {
      labels: { prompt_version: 'v1', agent: 'summarizer' },
      serviceTier: 'standard',
      cachedContent: 'cachedContents/abc',
      seed: 7,
      thinkingLevel: 'low',
      maxOutputTokens: 4096,
      temperature: 0.2,
      useGoogleSearch: false,
      responseJsonSchema: { properties: { summary: { type: 'string' } }, type: 'object' },
      contents: ['<transcript>hello</transcript>', 'Summarise.'],
      systemInstruction: 'You summarise podcasts.',
    };
    expect(responseCacheKey('gemini-3.8-flash', reordered)).to.equal(baseKey);
  });

  it('treats an undefined field like an absent one', () => {
    expect(responseCacheKey('m', { contents: ['a'], seed: undefined })).to.equal(responseCacheKey('m', { contents: ['a'] }));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).to.equal('{"a":{"c":null,"d":[3,1]},"b":1}');
  });

  it('writes exactly what sorting keys in a JSON.stringify replacer writes, on 2,000 seeded values (stored keys stay valid)', () => {
    const replacerCanonical = (value: unknown): string =>
      JSON.stringify(value, (_key, member: unknown) => {
        if (member === null || typeof member !== 'object' || Array.isArray(member)) return member;
        const sorted: Record<string, unknown> = {};
        for (const key of Object.keys(member).sort()) sorted[key] = (member as Record<string, unknown>)[key];
        return sorted;
      });
    const random = createRandom(20261205);
    const KEYS = ['b', 'a', 'z', 'contents', '10', '2', '007', '4294967294', '4294967295', 'é', 'key with "quote"', ''];
    const valueOf = (depth: number): unknown => {
      const kind = integer(random, 0, depth > 3 ? 5 : 8);
      if (kind === 0) return null;
      if (kind === 1) return undefined;
      if (kind === 2) return integer(random, -5, 5) / 2;
      if (kind === 3) return pick(random, ['', 'text', 'line\nbreak "quoted" \\ \u2028', '😀 \ud800']);
      if (kind === 4) return random() < 0.5;
      if (kind === 5) return pick(random, [Number.NaN, Number.POSITIVE_INFINITY, -0]);
      if (kind === 6) return Array.from({ length: integer(random, 0, 4) }, () => valueOf(depth + 1));
      if (kind === 7) return new Date(integer(random, 0, 1e6) * 1e6);
      return Object.fromEntries(Array.from({ length: integer(random, 0, 5) }, () => [pick(random, KEYS), valueOf(depth + 1)]));
    };
    for (let run = 0; run < 2000; run++) {
      const value = { version: 1, modelId: 'm', request: valueOf(0), scope: random() < 0.5 ? undefined : 'tenant' };
      const expected = replacerCanonical(value);
      expect(canonicalJson(value), JSON.stringify(value)).to.equal(expected);
      // Frozen, its JSON is remembered by identity: the same text, the first time and the next.
      deepFreeze(value);
      expect(canonicalJson(value), JSON.stringify(value)).to.equal(expected);
      expect(canonicalJson({ again: value })).to.equal(`{"again":${expected}}`);
    }
  });

  it('writes the edge cases as the former keys did: holes as null, toJSON once with its key, no own __proto__ key', () => {
    const wrapped = { toJSON: (key: string) => ({ key, toJSON: () => 'never called' }) };
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":1},"a":2}') as unknown;
    // eslint-disable-next-line no-sparse-arrays
    expect(canonicalJson({ list: [1, , 3], wrapped, parsed })).to.equal(
      '{"list":[1,null,3],"parsed":{"a":2,"b":1},"wrapped":{"key":"wrapped"}}',
    );
  });

  it('remembers only what cannot change: a schema mutated between calls keys anew, a frozen one keys as its copy', () => {
    const schema = { type: 'object', properties: { summary: { type: 'string' } } };
    const before = canonicalJson({ schema });
    schema.properties.summary.type = 'number';
    expect(canonicalJson({ schema })).to.not.equal(before);

    const frozen = deepFreeze(structuredClone(schema));
    expect(canonicalJson({ schema: frozen })).to.equal(canonicalJson({ schema }));
    expect(canonicalJson({ schema: frozen })).to.equal(canonicalJson({ schema: structuredClone(schema) }));
    // Frozen on top but not below: not remembered, so a change below is seen.
    const shallow = Object.freeze({ inner: { n: 1 } });
    const first = canonicalJson(shallow);
    shallow.inner.n = 2;
    expect(canonicalJson(shallow)).to.equal('{"inner":{"n":2}}').and.not.equal(first);
  });
});
