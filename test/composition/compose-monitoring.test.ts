import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { Registry } from 'prom-client';
import { loadConfig } from '../../predictor/config/load-config.js';
import { ANONYMOUS_PRINCIPAL } from '../../predictor/contract/request-context.js';
import { composeModel } from '../../predictor/composition/compose-model.js';
import { composeMonitoring } from '../../predictor/composition/compose-monitoring.js';
import { CollectingLogger } from '../fakes/collecting-logger.js';
import { FakeLanguageModel, fakeResult } from '../fakes/fake-language-model.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { samplePrediction } from '../evaluation/support/predictions.js';

describe('composeMonitoring', () => {
  let directory: string | undefined;
  afterEach(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('wires split, online judging, feedback and payload logging from config', async () => {
    directory = await mkdtemp(join(tmpdir(), 'monitoring-'));
    const feedbackPath = join(directory, 'feedback.jsonl');
    const payloadPath = join(directory, 'payloads.jsonl');
    const config = loadConfig({
      env: {
        ONLINE_EVAL_SAMPLE_RATE: '1',
        PROMPT_VERSION_SPLIT: 'v2=1',
        FEEDBACK_SINK: pathToFileURL(feedbackPath).href,
        PAYLOAD_LOG_SINK: pathToFileURL(payloadPath).href,
        MODEL_NAME: 'podcast-pipeline',
      },
    });
    const registry = new Registry();
    const judgeModel = new FakeLanguageModel({
      fallback: fakeResult('{"statements":{"s1":{"score":0.4,"rationale":"thin"}},"relevance":{"score":1,"rationale":"ok"}}'),
    });
    const monitoring = composeMonitoring({
      config,
      logger: new CollectingLogger(),
      registry,
      provider: { languageModel: () => judgeModel },
      costOf: () => 0.0001,
      secrets: [],
      now: () => Date.UTC(2026, 0, 1),
      random: () => 0,
      generateId: () => 'fb-1',
    });
    const { request, response } = samplePrediction('ignored', 'v2');
    const pipeline = new FakePredictorModel({
      name: config.server.modelName,
      script: [(received) => ({ ...response, parameters: { prompt_version: String(received.parameters?.prompt_version) } })],
    });
    const served = composeModel({ ...monitoring, model: pipeline });

    const answer = await served.predict(request, {
      requestId: 'req-1',
      signal: new AbortController().signal,
      deadlineAtMs: Number.MAX_SAFE_INTEGER,
      principal: ANONYMOUS_PRINCIPAL,
    });
    const receipt = await monitoring.feedbackService.submit({
      modelName: config.server.modelName,
      body: { request_id: 'req-1', rating: 3 },
      principal: ANONYMOUS_PRINCIPAL,
    });
    await monitoring.close();

    expect(pipeline.calls[0]?.request.parameters?.prompt_version).to.equal('v2');
    expect(answer.parameters?.prompt_version).to.equal('v2');
    expect(receipt.prompt_version).to.equal('v2');
    expect(judgeModel.calls[0]?.request.labels).to.deep.equal({ agent: 'judge', prompt_version: 'judge-v1' });
    const metrics = await registry.metrics();
    expect(metrics).to.contain('online_evaluations_total{outcome="judged"} 1');
    expect(metrics).to.contain(`feedback_total{model="${config.server.modelName}",prompt_version="v2",rating="3"} 1`);
    expect((await readFile(feedbackPath, 'utf8')).trim().split('\n')).to.have.length(1);
    const payloadTypes = (await readFile(payloadPath, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { type: string }).type);
    expect(payloadTypes).to.deep.equal(['org.kubeflow.serving.inference.request', 'org.kubeflow.serving.inference.response']);
  });

  it('counts payload-log events the sink refused in payload_log_events_lost_total', async () => {
    const config = loadConfig({
      env: { PAYLOAD_LOG_SINK: 'http://127.0.0.1:9/events', FEEDBACK_SINK: 'off', MODEL_NAME: 'podcast-pipeline' },
    });
    const registry = new Registry();
    const monitoring = composeMonitoring({
      config,
      logger: new CollectingLogger(),
      registry,
      provider: { languageModel: () => new FakeLanguageModel() },
      costOf: () => 0,
      secrets: [],
      now: () => Date.UTC(2026, 0, 1),
      random: () => 1,
      generateId: () => 'fb-1',
      fetch: async () => new Response('no', { status: 500 }),
    });
    const { request, response } = samplePrediction('ignored', 'v1');
    const served = composeModel({
      ...monitoring,
      model: new FakePredictorModel({ name: config.server.modelName, script: [() => response] }),
    });

    await served.predict(request, {
      requestId: 'req-1',
      signal: new AbortController().signal,
      deadlineAtMs: Number.MAX_SAFE_INTEGER,
      principal: ANONYMOUS_PRINCIPAL,
    });
    await monitoring.close();

    expect(await registry.metrics()).to.contain('payload_log_events_lost_total{reason="failed"} 2');
  });
});
