import { expect } from 'chai';
import { ANONYMOUS_PRINCIPAL } from '../../predictor/contract/request-context.js';
import { InvalidInputError } from '../../predictor/errors.js';
import type { BatchEntry, BatchRequestItem } from '../../predictor/llm/batch-client.js';
import { createModelRouter } from '../../predictor/llm/model-router.js';
import { batchKey, type EncodedJob } from '../../predictor/pipeline/batch-codec.js';
import { createPipelineModel } from '../../predictor/pipeline/pipeline-model.js';
import { fakeResult } from '../fakes/fake-language-model.js';
import { agentOfKey, sampleEntry } from '../jobs/fake-batch-client.js';
import { createTestCodec, episodesRequest } from '../jobs/job-test-kit.js';
import { fixtureBytes, smallWireEpisode } from './support/episodes.js';
import { rejectionOf } from '../support/rejection-of.js';
import { SAMPLE_INSIGHTS } from './support/sample-outputs.js';
import { createAgentScriptedModel, providerOf } from './support/scripted-model.js';

const GRID = new TextDecoder().decode(fixtureBytes('grid-under-pressure'));

function items(encoded: EncodedJob): BatchRequestItem[] {
  return encoded.groups.flatMap((group) => group.requests);
}

function dataOf(response: { outputs: readonly { name: string; data: readonly unknown[] }[] }, name: string): string[] {
  return response.outputs.find((output) => output.name === name)?.data as string[];
}

describe('createBatchCodec', () => {
  it('encodes the same requests the online agents send, keyed and grouped by routed model', async () => {
    const online = createAgentScriptedModel();
    const pipeline = createPipelineModel({
      name: 'podcast-pipeline',
      version: '1',
      router: createModelRouter({
        tiers: { 'flash-lite': 'gemini-test-lite', flash: 'gemini-test-flash', pro: 'gemini-test-pro' },
        agentTiers: { summarizer: 'flash-lite', insights: 'flash-lite', 'fact-checker': 'flash' },
      }),
      models: providerOf(online),
      promptVersion: 'v1',
      generation: { temperature: 0.2, maxOutputTokens: 2048 },
      maxEpisodesPerRequest: 4,
      episodeConcurrency: 1,
      failOnPartial: false,
      llmBackend: 'gemini',
      onEvent: () => undefined,
      now: () => 0,
    });
    await pipeline.load();
    const request = episodesRequest([GRID]);
    const context = {
      requestId: 'r',
      signal: new AbortController().signal,
      deadlineAtMs: Number.MAX_SAFE_INTEGER,
      principal: ANONYMOUS_PRINCIPAL,
    };
    const onlineResponse = await pipeline.predict(request, context);

    const codec = createTestCodec();
    const encoded = await codec.encode(request);
    const assembled = codec.assemble({ episodeCount: 1, entries: items(encoded).map(sampleEntry), llmBackend: 'gemini' });

    expect(encoded.groups.map((group) => group.modelId)).to.deep.equal(['gemini-test-lite', 'gemini-test-flash']);
    expect(online.calls).to.have.length(3);
    const byAgent = new Map(items(encoded).map((item) => [agentOfKey(item.key), item.request]));
    for (const call of online.calls)
      expect(byAgent.get(call.request.labels!.agent!), call.request.labels!.agent).to.deep.equal(call.request);
    expect(assembled.response).to.deep.equal(onlineResponse);
    expect(assembled).to.deep.include({ succeededAgentCount: 3, unmatchedEntryCount: 0 });
  });

  it('carries the report header on every request and the transcript on the insights request only', async () => {
    const encoded = await createTestCodec().encode(episodesRequest([smallWireEpisode({ episode_id: 'ep-7', guests: ['Bo'] })]));

    const metadata = Object.fromEntries(items(encoded).map((item) => [item.key, item.metadata]));

    const header = JSON.stringify({ title: 'Short Talk', host: 'Ana', guests: ['Bo'], episode_id: 'ep-7', has_timestamps: true });
    expect(metadata).to.deep.equal({
      'mp1:0:summarizer:v1': { episode: header },
      'mp1:0:insights:v1': {
        episode: header,
        transcript: JSON.stringify([
          ['00:00:01', 'Ana', 'Hello and welcome.'],
          ['00:00:09', 'Bo', 'The Eiffel Tower is 330 metres tall.'],
        ]),
      },
      'mp1:0:fact-checker:v1': { episode: header },
    });
  });

  it('uses the prompt_version parameter in keys and prompts, and refuses what /infer refuses', async () => {
    const codec = createTestCodec({ maxEpisodesPerJob: 2 });

    const encoded = await codec.encode(episodesRequest([GRID], { prompt_version: 'v2' }));

    expect(encoded.promptVersion).to.equal('v2');
    expect(items(encoded).map((item) => item.request.labels?.prompt_version)).to.deep.equal(['v2', 'v2', 'v2']);
    expect(await rejectionOf(codec.encode(episodesRequest([GRID], { prompt_version: 'v9' }))))
      .to.be.instanceOf(InvalidInputError)
      .with.property('message')
      .match(/prompt_version/);
    expect(await rejectionOf(codec.encode(episodesRequest([GRID, GRID, GRID]))))
      .to.be.instanceOf(InvalidInputError)
      .with.property('message')
      .match(/at most 2/);
    expect(await rejectionOf(codec.encode({ ...episodesRequest([GRID]), outputs: [{ name: 'report' }] })))
      .to.be.instanceOf(InvalidInputError)
      .with.property('message')
      .match(/every output/);
  });

  it('asks models without grounded JSON for the fact-check schema in text, as online', async () => {
    const encoded = await createTestCodec({ supportsGroundedJson: false }).encode(episodesRequest([GRID]));

    const factCheck = items(encoded).find((item) => agentOfKey(item.key) === 'fact-checker')!.request;
    expect(factCheck.responseJsonSchema).to.equal(undefined);
    expect(factCheck.useGoogleSearch).to.equal(true);
  });

  it('drops quotes it cannot verify because the transcript did not come back, and falls back to a numbered title', async () => {
    const codec = createTestCodec();
    const encoded = await codec.encode(episodesRequest([GRID, GRID]));
    const entries: BatchEntry[] = items(encoded)
      .filter((item) => !item.key.startsWith('mp1:1:'))
      .map((item) => {
        const entry = sampleEntry(item);
        return agentOfKey(item.key) === 'insights' ? { ...entry, metadata: { key: item.key } } : entry;
      });

    const { response } = codec.assemble({ episodeCount: 2, entries, llmBackend: 'gemini' });

    expect(JSON.parse(dataOf(response, 'insights')[0]!).notable_quotes).to.deep.equal([]);
    expect(dataOf(response, 'report')[0]).to.match(/^# Power Lines #42/);
    expect(dataOf(response, 'report')[1]).to.match(/^# Episode 2\n/);
    expect(JSON.parse(dataOf(response, 'summary')[1]!)).to.deep.equal({
      error: { code: 'llm_invalid_response', message: 'The Batch API returned no result for this request' },
    });
  });

  it('drops an invented quote and keeps the verified one', async () => {
    const codec = createTestCodec();
    const encoded = await codec.encode(episodesRequest([GRID]));
    const invented = { quote: 'Nobody on this show ever said this sentence.', speaker: 'Maya Okafor', timestamp: '00:00:01' };
    const insights = { ...SAMPLE_INSIGHTS, notable_quotes: [...SAMPLE_INSIGHTS.notable_quotes, invented] };
    const entries = items(encoded).map((item): BatchEntry =>
      agentOfKey(item.key) === 'insights'
        ? { ...sampleEntry(item), outcome: { status: 'ok', result: fakeResult(JSON.stringify(insights)) } }
        : sampleEntry(item),
    );

    const { response } = codec.assemble({ episodeCount: 1, entries, llmBackend: 'gemini' });

    expect(JSON.parse(dataOf(response, 'insights')[0]!).notable_quotes).to.deep.equal(SAMPLE_INSIGHTS.notable_quotes);
  });

  it('counts entries with a foreign key or an episode beyond the job as unmatched, and keeps the first of duplicates', async () => {
    const codec = createTestCodec();
    const encoded = await codec.encode(episodesRequest([GRID]));
    const entries = items(encoded).map(sampleEntry);
    const stray = { ...entries[0]!, key: batchKey(5, 'summarizer', 'v1') };
    const duplicate = { ...entries[0]!, outcome: { status: 'error' as const, error: new InvalidInputError('late duplicate') } };

    const assembled = codec.assemble({
      episodeCount: 1,
      entries: [...entries, stray, { ...stray, key: 'not-ours' }, duplicate],
      llmBackend: 'gemini',
    });

    expect(assembled.unmatchedEntryCount).to.equal(2);
    expect(assembled.succeededAgentCount).to.equal(3);
  });

  it('counts an entry keyed for an agent that is not in the spec list as unmatched', async () => {
    const codec = createTestCodec();
    const entries = items(await codec.encode(episodesRequest([GRID]))).map(sampleEntry);
    const foreign = { ...entries[0]!, key: 'mp1:0:narrator:v1' };

    const assembled = codec.assemble({ episodeCount: 1, entries: [foreign, ...entries], llmBackend: 'gemini' });

    expect(assembled.unmatchedEntryCount).to.equal(1);
    expect(assembled.succeededAgentCount).to.equal(3);
  });
});
