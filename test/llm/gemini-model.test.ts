import { expect } from 'chai';
import nock from 'nock';
import { createGeminiModel } from '../../predictor/llm/gemini-model.js';
import { SUMMARY_SCHEMA, FACT_CHECK_SCHEMA } from '../../predictor/pipeline/agent-output-schemas.js';
import { loadGeminiFixture } from '../fixtures/gemini/load-gemini-fixture.js';
import { GEMINI_HOST, TEST_API_KEY, TEST_MODEL_ID, createTestClient, isolateNetwork, modelPath } from '../fixtures/gemini/gemini-nock.js';

type Body = Record<string, unknown> & {
  contents?: { role: string; parts: { text: string }[] }[];
  generationConfig?: Record<string, unknown>;
};

/** Intercepts one generateContent call, capturing its JSON body. */
function interceptGenerate(fixture: string, modelId = TEST_MODEL_ID): { scope: nock.Scope; bodies: Body[] } {
  const bodies: Body[] = [];
  const scope = nock(GEMINI_HOST)
    .post(modelPath('generateContent', modelId), (body: Body) => {
      bodies.push(body);
      return true;
    })
    .matchHeader('x-goog-api-key', TEST_API_KEY)
    .reply(200, loadGeminiFixture(fixture));
  return { scope, bodies };
}

describe('createGeminiModel', () => {
  beforeEach(isolateNetwork);
  afterEach(() => {
    nock.cleanAll();
  });

  it('returns the visible text, normalised usage, model version and response id', async () => {
    const { scope } = interceptGenerate('generate-content-success');
    const model = createGeminiModel({ client: createTestClient(), modelId: TEST_MODEL_ID });

    const result = await model.generate({ contents: ['<<<TRANSCRIPT ...'] });

    expect(scope.isDone()).to.equal(true);
    expect(JSON.parse(result.text)).to.have.property('overview', 'Two hosts compare notes on urban beekeeping.');
    expect(result.text).not.to.contain('Weighing');
    expect(result.finishReason).to.equal('stop');
    expect(result.usage).to.deep.equal({
      inputTokens: 5120,
      cachedInputTokens: 4096,
      outputTokens: 180,
      thoughtsTokens: 640,
      toolUseInputTokens: 210,
    });
    expect(result.modelVersion).to.equal('gemini-3.8-flash-002');
    expect(result.responseId).to.equal('fx-success-0001');
    expect(result.grounding).to.equal(undefined);
  });

  it('sends instructions, schema, search tool and generation settings in the wire layout', async () => {
    const { scope, bodies } = interceptGenerate('generate-content-grounded');
    const model = createGeminiModel({ client: createTestClient(), modelId: TEST_MODEL_ID });

    await model.generate({
      systemInstruction: 'You check facts.',
      contents: ['transcript part', 'task part'],
      responseJsonSchema: FACT_CHECK_SCHEMA,
      useGoogleSearch: true,
      temperature: 0.2,
      maxOutputTokens: 2048,
      seed: 7,
      thinkingLevel: 'low',
      serviceTier: 'flex',
      labels: { agent: 'fact-checker' },
    });

    expect(scope.isDone()).to.equal(true);
    const [body] = bodies;
    expect(body?.contents).to.deep.equal([{ role: 'user', parts: [{ text: 'transcript part' }, { text: 'task part' }] }]);
    expect(body?.systemInstruction).to.deep.equal({ role: 'user', parts: [{ text: 'You check facts.' }] });
    expect(body?.tools).to.deep.equal([{ googleSearch: {} }]);
    expect(body?.serviceTier).to.equal('flex');
    expect(body?.generationConfig).to.deep.equal({
      responseMimeType: 'application/json',
      responseJsonSchema: FACT_CHECK_SCHEMA,
      temperature: 0.2,
      maxOutputTokens: 2048,
      seed: 7,
      thinkingConfig: { thinkingLevel: 'LOW' },
    });
    expect(JSON.stringify(body)).not.to.contain('fact-checker');
  });

  it('sends neither system instruction nor tools when a context cache is used', async () => {
    const { scope, bodies } = interceptGenerate('generate-content-success');
    const model = createGeminiModel({ client: createTestClient(), modelId: TEST_MODEL_ID });

    await model.generate({
      systemInstruction: 'You summarise.',
      contents: ['task part'],
      responseJsonSchema: SUMMARY_SCHEMA,
      useGoogleSearch: true,
      cachedContent: 'cachedContents/ep42-cache',
    });

    expect(scope.isDone()).to.equal(true);
    const [body] = bodies;
    expect(body?.cachedContent).to.equal('cachedContents/ep42-cache');
    expect(body).not.to.have.property('systemInstruction');
    expect(body).not.to.have.property('tools');
    expect(body).not.to.have.property('toolConfig');
    expect(body?.generationConfig?.responseJsonSchema).to.deep.equal(SUMMARY_SCHEMA);
  });

  it('asks for JSON in prose when the model cannot combine a schema with Search', async () => {
    const { scope, bodies } = interceptGenerate('generate-content-grounded', 'gemini-2.5-flash');
    const model = createGeminiModel({ client: createTestClient(), modelId: 'gemini-2.5-flash' });

    const result = await model.generate({ contents: ['transcript part'], responseJsonSchema: FACT_CHECK_SCHEMA, useGoogleSearch: true });

    expect(scope.isDone()).to.equal(true);
    expect(model.supportsGroundedJson).to.equal(false);
    const [body] = bodies;
    expect(body?.tools).to.deep.equal([{ googleSearch: {} }]);
    expect(body?.generationConfig).not.to.have.property('responseJsonSchema');
    expect(body?.generationConfig).not.to.have.property('responseMimeType');
    const parts = body?.contents?.[0]?.parts ?? [];
    expect(parts).to.have.length(2);
    expect(parts[1]?.text).to.contain(JSON.stringify(FACT_CHECK_SCHEMA));
    expect(result.text).to.contain('"claims"');
  });

  it('defaults supportsGroundedJson by model generation and honours an explicit setting', () => {
    const client = createTestClient();
    expect(createGeminiModel({ client, modelId: 'gemini-3.8-flash' }).supportsGroundedJson).to.equal(true);
    expect(createGeminiModel({ client, modelId: 'gemini-10-pro' }).supportsGroundedJson).to.equal(true);
    expect(createGeminiModel({ client, modelId: 'gemini-2.5-pro' }).supportsGroundedJson).to.equal(false);
    expect(createGeminiModel({ client, modelId: 'gemini-3.8-flash', supportsGroundedJson: false }).supportsGroundedJson).to.equal(false);
  });

  it('normalises grounding metadata and counts unique non-empty search queries', async () => {
    const { scope } = interceptGenerate('generate-content-grounded');
    const model = createGeminiModel({ client: createTestClient(), modelId: TEST_MODEL_ID });

    const result = await model.generate({ contents: ['claims'], responseJsonSchema: FACT_CHECK_SCHEMA, useGoogleSearch: true });

    expect(scope.isDone()).to.equal(true);
    expect(result.usage).to.deep.equal({
      inputTokens: 900,
      outputTokens: 60,
      toolUseInputTokens: 350,
      searchQueries: 2,
      groundedPrompts: 1,
    });
    expect(result.grounding?.webSearchQueries).to.have.length(4);
    expect(result.grounding?.sources).to.deep.equal([
      { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/AbC123', title: 'beekeepers.example.org' },
      { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/DeF456', title: 'news.example.com' },
    ]);
    expect(result.grounding?.supports).to.deep.equal([
      { text: 'The hive held 40,000 bees in 2024.', startIndex: 22, endIndex: 56, sourceIndices: [0, 1], confidenceScores: [0.91, 0.77] },
    ]);
  });

  it('returns partial text with finish reason length on MAX_TOKENS, even when JSON was asked for', async () => {
    const { scope } = interceptGenerate('generate-content-max-tokens');
    const model = createGeminiModel({ client: createTestClient(), modelId: TEST_MODEL_ID });

    const result = await model.generate({ contents: ['x'], responseJsonSchema: SUMMARY_SCHEMA, maxOutputTokens: 16 });

    expect(scope.isDone()).to.equal(true);
    expect(result.finishReason).to.equal('length');
    expect(result.text).to.equal('{"overview":"Two hosts compare');
    expect(result.usage.thoughtsTokens).to.equal(1008);
  });
});
