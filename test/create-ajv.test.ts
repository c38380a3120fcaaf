import { Ajv } from 'ajv';
import { expect } from 'chai';
import { buildConfigSchema } from '../predictor/config/config-schema.js';
import { createAjv, schemasCompiledAtRunTime, validatorKey } from '../predictor/create-ajv.js';
import { FEEDBACK_REQUEST_SCHEMA } from '../predictor/feedback/feedback-request.js';
import { PRICE_TABLE_SCHEMA } from '../predictor/llm/load-price-table.js';
import { FACT_CHECK_SCHEMA, INSIGHTS_SCHEMA, SUMMARY_SCHEMA } from '../predictor/pipeline/agent-output-schemas.js';
import { relaxSchema } from '../predictor/pipeline/agents/conform-to-schema.js';
import { EPISODE_SCHEMA } from '../predictor/pipeline/episode-schema.js';
import { inferenceRequestSchema } from '../predictor/protocol/schemas/inference-request-schema.js';
import { ACCESS_POLICY_SCHEMA } from '../predictor/security/access-policy.js';
import { API_KEYS_FILE_SCHEMA } from '../predictor/security/api-key-authenticator.js';

/** Every schema the predictor compiles; createAjv skips meta-schema validation at run time. */
const SCHEMAS: Record<string, object> = {
  config: buildConfigSchema(),
  inferenceRequest: inferenceRequestSchema,
  episode: EPISODE_SCHEMA,
  summary: SUMMARY_SCHEMA,
  insights: INSIGHTS_SCHEMA,
  factCheck: FACT_CHECK_SCHEMA,
  relaxedSummary: relaxSchema(SUMMARY_SCHEMA),
  relaxedInsights: relaxSchema(INSIGHTS_SCHEMA),
  relaxedFactCheck: relaxSchema(FACT_CHECK_SCHEMA),
  feedback: FEEDBACK_REQUEST_SCHEMA,
  priceTable: PRICE_TABLE_SCHEMA,
  accessPolicy: ACCESS_POLICY_SCHEMA,
  apiKeysFile: API_KEYS_FILE_SCHEMA,
};

describe('createAjv', () => {
  const metaValidator = new Ajv({ strict: false });

  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`the ${name} schema is valid against the JSON-Schema meta-schema`, () => {
      const isValid = metaValidator.validateSchema(schema);
      expect(isValid, JSON.stringify(metaValidator.errors)).to.equal(true);
    });
  }

  it('still compiles in strict mode (unknown keywords fail)', () => {
    expect(() => createAjv({ strict: true }).compile({ type: 'object', propertiez: {} })).to.throw(/unknown keyword/);
  });

  it('lists each schema it compiled at run time once, under the key a precompiled validator would have', () => {
    const schema = { type: 'object', properties: { listedOnce: { type: 'integer' } } };
    const validate = createAjv({ strict: true }).compile(schema);
    createAjv({ strict: true }).compile(schema);

    expect(validate({ listedOnce: 1 })).to.equal(true);
    expect(validate({ listedOnce: 'x' })).to.equal(false);
    const listed = schemasCompiledAtRunTime().filter((compiled) => compiled.schema === schema);
    expect(listed).to.deep.equal([{ key: validatorKey({ strict: true }, schema), options: { strict: true }, schema }]);
  });

  it('keys a validator by its options as well as its schema', () => {
    const schema = { type: 'string' };
    expect(validatorKey({ strict: true }, schema)).to.equal(validatorKey({ strict: true }, { type: 'string' }));
    expect(validatorKey({ strict: true }, schema)).to.not.equal(validatorKey({ strict: false }, schema));
  });
});
