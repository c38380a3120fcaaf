import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { Registry } from 'prom-client';
import type { AccessGuard, Action } from '../../predictor/contract/access-control.js';
import { ForbiddenError, UnauthorizedError } from '../../predictor/errors.js';
import { createCloudEventSink } from '../../predictor/observability/cloud-events/create-cloud-event-sink.js';
import { createFeedbackService } from '../../predictor/feedback/feedback-service.js';
import { createGroupCommit, type GroupCommit } from '../../predictor/observability/cloud-events/group-commit.js';
import { createRecentRequests } from '../../predictor/feedback/recent-requests.js';
import { createEvaluationMetrics } from '../../predictor/observability/evaluation-metrics.js';
import { createFeedbackRouter } from '../../predictor/protocol/feedback-router.js';
import { CollectingLogger } from '../fakes/collecting-logger.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { postJson, startTestApp, useTestAppHooks, type TestApp } from './support/start-test-app.js';

const MODEL = 'podcast-pipeline';

/** Keys: `reviewer-key` may give feedback, `reader-key` may not; every decision is recorded. */
function reviewerGuard(decisions: string[]): AccessGuard {
  return {
    async authenticate({ apiKey }) {
      if (apiKey === 'reviewer-key') return { id: 'rita', roles: ['reviewer'], authMethod: 'api-key' };
      if (apiKey === 'reader-key') return { id: 'rob', roles: ['reader'], authMethod: 'api-key' };
      throw new UnauthorizedError('Missing or invalid credentials');
    },
    authorize(principal, modelName, action: Action) {
      decisions.push(`${principal.id} ${action} ${modelName}`);
      if (!principal.roles.includes('reviewer')) throw new ForbiddenError(`${principal.id} may not ${action} ${modelName}`);
    },
  };
}

describe('createFeedbackRouter', () => {
  let app: TestApp | undefined;
  let directory: string | undefined;
  let commit: GroupCommit | undefined;
  useTestAppHooks(() => app);
  afterEach(async () => {
    await commit?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  async function start({
    accessGuard,
    recent = createRecentRequests(),
  }: { accessGuard?: AccessGuard; recent?: ReturnType<typeof createRecentRequests> } = {}) {
    directory = await mkdtemp(join(tmpdir(), 'feedback-'));
    const path = join(directory, 'feedback.jsonl');
    const registry = new Registry();
    const logger = new CollectingLogger();
    commit = createGroupCommit({ sink: createCloudEventSink({ url: pathToFileURL(path).href })!, maxPending: 16 });
    const service = createFeedbackService({
      isKnownModel: (name) => name === MODEL,
      recentRequests: recent,
      store: commit,
      redact: (text) => text,
      metrics: createEvaluationMetrics({ registry, models: [MODEL], promptVersions: ['v1', 'v2'] }),
      logger,
      generateId: () => 'fb-1',
      now: () => Date.UTC(2026, 0, 1),
    });
    app = await startTestApp({
      models: [new FakePredictorModel({ name: MODEL })],
      extraRouters: [createFeedbackRouter({ feedbackService: service, ...(accessGuard ? { accessGuard } : {}), maxBodyBytes: 2048 })],
      ...(accessGuard ? { accessGuard } : {}),
    });
    return { path, registry };
  }

  it('accepts feedback with 202, tied to the recorded prompt version, and round-trips it to the sink', async () => {
    const recent = createRecentRequests();
    recent.remember(['req-1'], 'v2');
    const { path, registry } = await start({ recent });

    const response = await postJson(`${app!.baseUrl}/v2/models/${MODEL}/feedback`, {
      request_id: 'req-1',
      rating: 4,
      labels: ['helpful'],
      corrections: { summary: { overview: 'Better.' } },
    });

    expect(response.status).to.equal(202);
    expect(await response.json()).to.deep.equal({ id: 'fb-1', request_id: 'req-1', prompt_version: 'v2', prompt_version_source: 'server' });
    const [line] = (await readFile(path, 'utf8')).trim().split('\n');
    const event = JSON.parse(line!) as Record<string, unknown>;
    expect(event).to.deep.include({
      specversion: '1.0',
      id: 'fb-1',
      type: 'org.kubeflow.serving.inference.feedback',
      inferenceservicename: MODEL,
    });
    expect(event.data).to.deep.include({
      request_id: 'req-1',
      rating: 4,
      prompt_version: 'v2',
      principal: 'anonymous',
      corrections: { summary: { overview: 'Better.' } },
    });
    expect(await registry.metrics()).to.contain(`feedback_total{model="${MODEL}",prompt_version="v2",rating="4"} 1`);
  });

  it('authorises the feedback action through the access guard', async () => {
    const decisions: string[] = [];
    await start({ accessGuard: reviewerGuard(decisions) });
    const url = `${app!.baseUrl}/v2/models/${MODEL}/feedback`;
    const body = { request_id: 'req-1', rating: 5 };

    expect((await postJson(url, body)).status).to.equal(401);
    expect((await postJson(url, body, { 'x-api-key': 'reader-key' })).status).to.equal(403);
    expect((await postJson(url, body, { 'x-api-key': 'reviewer-key' })).status).to.equal(202);
    expect(decisions).to.deep.equal([`rob feedback ${MODEL}`, `rita feedback ${MODEL}`]);
  });

  it('answers 400 for an invalid body, 404 for an unknown model, 413 for a large body and 405 for GET', async () => {
    await start();
    const url = `${app!.baseUrl}/v2/models/${MODEL}/feedback`;
    const invalid = await postJson(url, { request_id: 'req-1', rating: 9 });
    expect(invalid.status).to.equal(400);
    expect(await invalid.json()).to.deep.equal({ error: 'feedback: rating must be <= 5' });
    expect((await postJson(url, '{not json')).status).to.equal(400);
    expect((await postJson(`${app!.baseUrl}/v2/models/unknown/feedback`, { request_id: 'r', rating: 3 })).status).to.equal(404);
    expect((await postJson(url, { request_id: 'r', rating: 3, comment: 'x'.repeat(4000) })).status).to.equal(413);
    const get = await fetch(url);
    expect(get.status).to.equal(405);
    expect(get.headers.get('allow')).to.equal('POST');
  });

  it('labels the route for access logs and HTTP metrics', async () => {
    await start();
    await postJson(`${app!.baseUrl}/v2/models/${MODEL}/feedback`, { request_id: 'r', rating: 3 });
    const text = (await app!.metrics.render()).body;
    expect(text).to.contain(
      'http_server_request_duration_seconds_count{http_request_method="POST",http_route="/v2/models/:name/feedback",http_response_status_code="202"} 1',
    );
  });
});
