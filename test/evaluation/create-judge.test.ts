import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import nock from 'nock';
import { createJudge, readJudgeScores } from '../../predictor/evaluation/create-judge.js';
import { judgeItemsOf } from '../../predictor/evaluation/judge-prompt.js';
import { LlmInvalidResponseError } from '../../predictor/errors.js';
import { createGeminiModel } from '../../predictor/llm/gemini-model.js';
import type { LanguageModel, LanguageModelProvider } from '../../predictor/llm/language-model.js';
import { startEmulatorHarness, type EmulatorHarness } from '../emulator/emulator-harness.js';
import { FakeLanguageModel, fakeResult } from '../fakes/fake-language-model.js';
import { createTestClient, GEMINI_HOST, isolateNetwork, modelPath } from '../fixtures/gemini/gemini-nock.js';
import { sampleSubject } from './support/subjects.js';

const JUDGE_MODEL = 'gemini-3.1-flash-lite';
const FIXTURE = JSON.parse(readFileSync(new URL('./fixtures/judge-generate-content.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

function providerOf(model: LanguageModel): LanguageModelProvider & { ids: string[] } {
  const ids: string[] = [];
  return { ids, languageModel: (modelId) => (ids.push(modelId), model) };
}

function answerFor(scores: Record<string, number>, relevance = 0.9): string {
  const group = (prefix: string) =>
    Object.fromEntries(
      Object.entries(scores)
        .filter(([id]) => id.startsWith(prefix))
        .map(([id, score]) => [id, { score, rationale: `because ${id}` }]),
    );
  return JSON.stringify({ statements: group('s'), verdicts: group('c'), relevance: { score: relevance, rationale: 'on topic' } });
}

describe('createJudge', () => {
  it('scores every item, labels the call as the judge and prices it on the served version', async () => {
    const model = new FakeLanguageModel({
      steps: [
        fakeResult(answerFor({ s1: 1, s2: 0.9, s3: 0.2, s4: 1, c1: 0.8 }), {
          modelVersion: 'lite-002',
          usage: { inputTokens: 1000, outputTokens: 100 },
        }),
      ],
    });
    const provider = providerOf(model);
    const judge = createJudge({
      models: provider,
      modelId: JUDGE_MODEL,
      promptVersion: 'judge-v1',
      costOf: (usage, version) => (version === 'lite-002' ? (usage.inputTokens ?? 0) / 1e6 : undefined),
    });

    const verdict = await judge.judge(sampleSubject());

    expect(provider.ids).to.deep.equal([JUDGE_MODEL]);
    const request = model.calls[0]!.request;
    expect(request.labels).to.deep.equal({ agent: 'judge', prompt_version: 'judge-v1' });
    expect(request.temperature).to.equal(0);
    expect(verdict?.scores.map((score) => [score.id, score.agent, score.score])).to.deep.equal([
      ['s1', 'summarizer', 1],
      ['s2', 'summarizer', 0.9],
      ['s3', 'summarizer', 0.2],
      ['s4', 'insights', 1],
      ['c1', 'fact-checker', 0.8],
      ['relevance', 'pipeline', 0.9],
    ]);
    expect(verdict).to.include({ modelVersion: 'lite-002', costUsd: 0.001, unscoredCount: 0, promptVersion: 'judge-v1' });
  });

  it('counts items the answer leaves out and clamps scores to 0-1', async () => {
    const model = new FakeLanguageModel({ steps: [fakeResult(answerFor({ s1: 1.7, s2: -1, c1: 0.5 }))] });
    const verdict = await createJudge({ models: providerOf(model), modelId: JUDGE_MODEL, promptVersion: 'judge-v1' }).judge(
      sampleSubject(),
    );
    expect(verdict?.scores.map((score) => score.score)).to.deep.equal([1, 0, 0.5, 0.9]);
    expect(verdict?.unscoredCount).to.equal(2);
    expect(verdict?.costUsd).to.equal(undefined);
  });

  it('throws LlmInvalidResponseError for an answer that is not JSON or was cut off', async () => {
    const judgeOf = (result: ReturnType<typeof fakeResult>) =>
      createJudge({ models: providerOf(new FakeLanguageModel({ steps: [result] })), modelId: JUDGE_MODEL, promptVersion: 'judge-v1' });
    await expectRejection(judgeOf(fakeResult('I think it is fine.')).judge(sampleSubject()), LlmInvalidResponseError);
    await expectRejection(
      judgeOf(fakeResult('{"statements":', { finishReason: 'length' })).judge(sampleSubject()),
      LlmInvalidResponseError,
    );
  });

  it('makes no call for a subject without outputs', async () => {
    const model = new FakeLanguageModel();
    const verdict = await createJudge({ models: providerOf(model), modelId: JUDGE_MODEL, promptVersion: 'judge-v1' }).judge(
      sampleSubject({}, ['summary', 'insights', 'factCheck']),
    );
    expect(verdict).to.equal(undefined);
    expect(model.calls).to.have.length(0);
  });

  it('rejects an unknown judge prompt version at creation', () => {
    expect(() => createJudge({ models: providerOf(new FakeLanguageModel()), modelId: JUDGE_MODEL, promptVersion: 'judge-v9' })).to.throw(
      /JUDGE_PROMPT_VERSION judge-v9 is unknown/,
    );
  });

  it('estimates an upper bound from the prompt size and the full output budget', () => {
    const judge = createJudge({
      models: providerOf(new FakeLanguageModel()),
      modelId: JUDGE_MODEL,
      promptVersion: 'judge-v1',
      maxOutputTokens: 1000,
      costOf: (usage) => (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0),
    });
    const estimate = judge.estimateCostUsd(sampleSubject());
    expect(estimate).to.be.greaterThan(1000);
    expect(judge.estimateCostUsd(sampleSubject({}, ['summary', 'insights', 'factCheck']))).to.equal(0);
  });
});

describe('createJudge with the Gemini adapter (nock fixture)', () => {
  before(isolateNetwork);
  afterEach(() => nock.cleanAll());

  it('sends the transcript first and a per-call schema, and reads the recorded answer', async () => {
    let body:
      | {
          contents: { parts: { text: string }[] }[];
          generationConfig: { responseJsonSchema: { required: string[]; properties: { statements: { required: string[] } } } };
        }
      | undefined;
    const scope = nock(GEMINI_HOST)
      .post(modelPath('generateContent', JUDGE_MODEL), (sent: typeof body) => ((body = sent), true))
      .reply(200, FIXTURE);
    const model = createGeminiModel({ client: createTestClient(), modelId: JUDGE_MODEL });

    const verdict = await createJudge({ models: providerOf(model), modelId: JUDGE_MODEL, promptVersion: 'judge-v1' }).judge(
      sampleSubject(),
    );

    expect(scope.isDone()).to.equal(true);
    expect(body?.contents[0]?.parts[0]?.text).to.match(/^<<<TRANSCRIPT/);
    expect(body?.generationConfig.responseJsonSchema.required).to.deep.equal(['statements', 'verdicts', 'relevance']);
    expect(body?.generationConfig.responseJsonSchema.properties.statements.required).to.deep.equal(['s1', 's2', 's3', 's4']);
    expect(verdict?.modelVersion).to.equal('gemini-3.1-flash-lite-001');
    expect(verdict?.usage).to.include({ inputTokens: 812, outputTokens: 164 });
    expect(verdict?.scores.find((score) => score.id === 's3')).to.include({ score: 0.2, agent: 'summarizer' });
  });
});

describe('createJudge against the Gemini emulator', () => {
  let harness: EmulatorHarness | undefined;
  afterEach(async () => harness?.stop());

  it('gets a schema-valid score for every item', async () => {
    harness = await startEmulatorHarness();
    const model = harness.model(JUDGE_MODEL);
    const subject = sampleSubject();

    const verdict = await createJudge({ models: providerOf(model), modelId: JUDGE_MODEL, promptVersion: 'judge-v1' }).judge(subject);

    expect(verdict?.unscoredCount).to.equal(0);
    expect(verdict?.scores.map((score) => score.id)).to.deep.equal(judgeItemsOf(subject).map((item) => item.id));
    for (const score of verdict?.scores ?? []) expect(score.score).to.be.within(0, 1);
  });
});

describe('readJudgeScores', () => {
  it('ignores ids it did not ask for', () => {
    const items = judgeItemsOf(sampleSubject({}, ['insights', 'factCheck']));
    const { scores } = readJudgeScores(
      { statements: { s1: { score: 1, rationale: 'ok' }, s99: { score: 0, rationale: 'invented' } } },
      items,
    );
    expect(scores.map((score) => score.id)).to.deep.equal(['s1']);
  });
});

async function expectRejection(promise: Promise<unknown>, type: new (...args: never[]) => Error): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(type);
    return;
  }
  expect.fail('expected a rejection');
}
