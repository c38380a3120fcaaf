import { ApiError, JobState } from '@google/genai';
import { expect } from 'chai';
import { LlmRejectedError, LlmUnavailableError } from '../../predictor/errors.js';
import { createGeminiEmulator } from '../../predictor/emulator/gemini-emulator.js';
import { createGeminiClient } from '../../predictor/llm/gemini-client.js';
import { createContextCacheClient } from '../../predictor/llm/gemini-context-cache.js';
import { toLlmError } from '../../predictor/llm/gemini-errors.js';
import { createGeminiModel } from '../../predictor/llm/gemini-model.js';
import { FACT_CHECK_SCHEMA, SUMMARY_SCHEMA } from '../../predictor/pipeline/agent-output-schemas.js';
import { formatTranscriptBlock } from '../../predictor/pipeline/transcript-format.js';
import { startEmulatorHarness, type EmulatorHarness } from './emulator-harness.js';
import { SAMPLE_EPISODE } from './sample-episode.js';

const tokens = (text: string): number => Math.ceil(Buffer.byteLength(text, 'utf8') / 4);
const TRANSCRIPT = formatTranscriptBlock(SAMPLE_EPISODE);
const INSTRUCTION = 'You analyse podcast transcripts.';

describe('createGeminiEmulator resources (real SDK)', () => {
  let harness: EmulatorHarness;
  beforeEach(async () => {
    harness = await startEmulatorHarness();
  });
  afterEach(async () => {
    await harness.stop();
  });

  it('creates, uses, lists, updates and deletes a context cache, counting cached tokens', async () => {
    const caches = createContextCacheClient({ client: harness.client });
    const cache = await caches.create({
      modelId: 'gemini-3.8-flash',
      systemInstruction: INSTRUCTION,
      contents: [TRANSCRIPT],
      useGoogleSearch: true,
      ttlSeconds: 600,
      displayName: 'ep-bees-7',
    });
    const cachedTokens = tokens(INSTRUCTION) + tokens(TRANSCRIPT);
    const task = 'List and check the factual claims of the episode above.';

    const result = await harness.model().generate({ contents: [task], responseJsonSchema: FACT_CHECK_SCHEMA, cachedContent: cache.name });
    const listed = await harness.client.caches.list();
    const updated = await harness.client.caches.update({ name: cache.name, config: { ttl: '60s' } });
    await caches.delete(cache.name);
    const afterDelete = await harness.client.caches.get({ name: cache.name }).catch((error: unknown) => toLlmError(error, 'm'));

    expect(cache.tokenCount).to.equal(cachedTokens);
    expect(result.usage.cachedInputTokens).to.equal(cachedTokens);
    expect(result.usage.inputTokens).to.equal(cachedTokens + tokens(task));
    expect(result.grounding?.sources.length).to.be.greaterThan(0);
    expect(listed.page.map((entry) => entry.name)).to.deep.equal([cache.name]);
    expect(Date.parse(updated.expireTime ?? '')).to.be.lessThan(Date.parse(cache.expireTime ?? ''));
    expect(afterDelete).to.be.instanceOf(LlmRejectedError);
  });

  it('rejects a cached call that also sends a system instruction, and a cache below the minimum', async () => {
    const caches = createContextCacheClient({ client: harness.client });
    const cache = await caches.create({ modelId: 'gemini-3.8-flash', contents: [TRANSCRIPT], ttlSeconds: 60, displayName: 'x' });
    const strict = createGeminiEmulator({ minCachedContentTokens: 4096 });
    const { baseUrl } = await strict.start();
    const strictCaches = createContextCacheClient({ client: createGeminiClient({ backend: 'emulator', apiVersion: 'v1beta', baseUrl }) });

    const conflict = await harness.client.models
      .generateContent({ model: 'gemini-3.8-flash', contents: 'x', config: { cachedContent: cache.name, systemInstruction: 'y' } })
      .catch((error: unknown) => error as ApiError);
    const tooSmall = await strictCaches
      .create({ modelId: 'gemini-3.8-flash', contents: ['tiny'], ttlSeconds: 60, displayName: 't' })
      .catch((error: unknown) => error);
    await strict.stop();

    expect(conflict).to.be.instanceOf(ApiError);
    expect((conflict as ApiError).status).to.equal(400);
    expect(tooSmall).to.be.instanceOf(LlmRejectedError);
  });

  it('counts tokens by the same rule', async () => {
    const caches = createContextCacheClient({ client: harness.client });

    const total = await caches.countTokens('gemini-3.8-flash', [TRANSCRIPT, 'Summarise.']);

    expect(total).to.equal(tokens(TRANSCRIPT) + tokens('Summarise.'));
  });

  it('streams the same answer as a unary call, usage on the last chunk', async () => {
    const request = {
      model: 'gemini-3.8-flash',
      contents: TRANSCRIPT,
      config: { responseJsonSchema: SUMMARY_SCHEMA, responseMimeType: 'application/json' },
    };
    const unary = await harness.client.models.generateContent(request);

    const chunks = [];
    for await (const chunk of await harness.client.models.generateContentStream(request)) chunks.push(chunk);

    expect(chunks.length).to.be.greaterThan(1);
    expect(chunks.map((chunk) => chunk.text ?? '').join('')).to.equal(unary.text);
    const last = chunks.at(-1);
    expect(last?.candidates?.[0]?.finishReason).to.equal('STOP');
    expect(last?.usageMetadata?.candidatesTokenCount).to.equal(unary.usageMetadata?.candidatesTokenCount);
    expect(last?.usageMetadata?.totalTokenCount).to.equal(unary.usageMetadata?.totalTokenCount);
    expect(chunks[0]?.candidates?.[0]?.finishReason).to.equal(undefined);
  });

  it('sends a mid-stream error chunk that the SDK throws as a 503', async () => {
    const stream = await harness.client.models.generateContentStream({ model: 'gemini-3.8-flash-fault-midstream', contents: TRANSCRIPT });

    const texts: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) texts.push(chunk.text ?? '');
    })().catch((caught: unknown) => toLlmError(caught, 'gemini-3.8-flash'));

    expect(texts).to.have.length(1);
    expect(error).to.be.instanceOf(LlmUnavailableError);
  });

  it('runs an inline batch to SUCCEEDED and serves get, list, cancel and delete', async () => {
    const batch = await harness.client.batches.create({
      model: 'gemini-3.8-flash',
      src: [
        { contents: [{ role: 'user', parts: [{ text: TRANSCRIPT }] }], metadata: { key: 'ep-bees-7' } },
        { contents: [{ role: 'user', parts: [{ text: 'Hello there. The answer is 42.' }] }] },
      ],
      config: { displayName: 'nightly' },
    });
    const name = batch.name ?? '';

    const fetched = await harness.client.batches.get({ name });
    const listed = await harness.client.batches.list();
    await harness.client.batches.cancel({ name });
    await harness.client.batches.delete({ name });
    const gone = (await harness.client.batches.get({ name }).catch((error: unknown) => error)) as ApiError;

    expect(batch.state).to.equal(JobState.JOB_STATE_SUCCEEDED);
    expect(fetched.displayName).to.equal('nightly');
    const responses = fetched.dest?.inlinedResponses ?? [];
    expect(responses).to.have.length(2);
    expect(responses[0]?.metadata).to.deep.equal({ key: 'ep-bees-7' });
    expect(responses[1]?.response?.candidates?.[0]?.content?.parts?.[0]?.text).to.contain('The answer is 42.');
    expect(listed.page.map((job) => job.name)).to.deep.equal([name]);
    expect(gone.status).to.equal(404);
  });

  it('serves the Vertex path shape with a bearer token', async () => {
    const authClient = { getRequestHeaders: async () => new Headers({ authorization: 'Bearer t' }) };
    const client = createGeminiClient({
      backend: 'vertex',
      vertexProject: 'demo',
      vertexLocation: 'europe-west4',
      apiVersion: 'v1beta1',
      baseUrl: harness.baseUrl,
      googleAuthOptions: { authClient: authClient as never },
    });

    const result = await createGeminiModel({ client, modelId: 'gemini-3.8-flash' }).generate({ contents: [TRANSCRIPT] });

    expect(result.finishReason).to.equal('stop');
    expect(result.text).to.contain('Key points:');
  });
});
