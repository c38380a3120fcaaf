import { expect } from 'chai';
import type { AccessGuard, Action, Credentials } from '../../predictor/contract/access-control.js';
import type { Principal, RequestContext } from '../../predictor/contract/request-context.js';
import type { ModelRequest } from '../../predictor/contract/tensor.js';
import { ForbiddenError, ModelNotFoundError, NotImplementedError, UnauthorizedError } from '../../predictor/errors.js';
import { JobNotFoundError } from '../../predictor/jobs/job-not-found-error.js';
import type { JobService, JobView } from '../../predictor/jobs/job-service.js';
import { createJobsRouter } from '../../predictor/protocol/jobs-router.js';
import { bytesRequest, postJson, startTestApp, type TestApp, useTestAppHooks } from './support/start-test-app.js';

const MODEL = 'podcast-pipeline';
const JOB_ID = 'j1.eyJuIjoxLCJiIjpbInE3dzhlOXIwIl19.AAAAAAAAAAAAAAAAAAAAAA';
const CREATED_AT_MS = Date.parse('2026-11-27T01:00:00Z');

function viewOf(overrides: Partial<JobView> = {}): JobView {
  return { id: JOB_ID, modelName: MODEL, status: 'pending', episodeCount: 1, createdAtMs: CREATED_AT_MS, ...overrides };
}

/** Answers scripted views (or throws scripted errors) and records each call. */
class FakeJobService implements JobService {
  readonly calls: { method: string; modelName: string; id?: string; request?: ModelRequest; principal: string }[] = [];
  next: JobView | Error = viewOf();

  async submit(modelName: string, request: ModelRequest, context: RequestContext): Promise<JobView> {
    return this.answer({ method: 'submit', modelName, request, principal: context.principal.id });
  }
  async status(modelName: string, id: string, context: RequestContext): Promise<JobView> {
    return this.answer({ method: 'status', modelName, id, principal: context.principal.id });
  }
  async cancel(modelName: string, id: string, context: RequestContext): Promise<JobView> {
    return this.answer({ method: 'cancel', modelName, id, principal: context.principal.id });
  }
  async purge(modelName: string, id: string, context: RequestContext): Promise<void> {
    this.answer({ method: 'purge', modelName, id, principal: context.principal.id });
  }

  private answer(call: FakeJobService['calls'][number]): JobView {
    this.calls.push(call);
    if (this.next instanceof Error) throw this.next;
    return this.next;
  }
}

/** Token "good" may run jobs; API key "reader" may read metadata only. */
class FakeAccessGuard implements AccessGuard {
  readonly authorized: string[] = [];
  async authenticate(credentials: Credentials): Promise<Principal> {
    if (credentials.bearerToken === 'good') return { id: 'alice', roles: ['jobs'], authMethod: 'jwt' };
    if (credentials.apiKey === 'reader') return { id: 'bob', roles: ['reader'], authMethod: 'api-key' };
    throw new UnauthorizedError('Missing or invalid credentials');
  }
  authorize(principal: Principal, modelName: string, action: Action): void {
    this.authorized.push(`${principal.id}:${action}:${modelName}`);
    if (!principal.roles.includes(action)) throw new ForbiddenError(`${principal.id} may not ${action} ${modelName}`);
  }
}

describe('createJobsRouter', () => {
  let app: TestApp | undefined;
  useTestAppHooks(() => app);

  async function start(jobs: FakeJobService, options: { accessGuard?: AccessGuard; maxBodyBytes?: number } = {}): Promise<TestApp> {
    const router = createJobsRouter({
      jobService: jobs,
      maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
      ...(options.accessGuard ? { accessGuard: options.accessGuard } : {}),
    });
    app = await startTestApp({ extraRouters: [router], ...(options.accessGuard ? { accessGuard: options.accessGuard } : {}) });
    return app;
  }

  it('accepts an inference request with 202, a Location and the pending job', async () => {
    const jobs = new FakeJobService();
    const { baseUrl } = await start(jobs);

    const response = await postJson(
      `${baseUrl}/v2/models/${MODEL}/jobs`,
      bytesRequest(['{"title":"A"}'], { parameters: { prompt_version: 'v2' } }),
    );

    expect(response.status).to.equal(202);
    expect(response.headers.get('location')).to.equal(`/v2/models/${MODEL}/jobs/${JOB_ID}`);
    expect(await response.json()).to.deep.equal({
      id: JOB_ID,
      model_name: MODEL,
      status: 'pending',
      episode_count: 1,
      created_at: '2026-11-27T01:00:00.000Z',
      links: { self: `/v2/models/${MODEL}/jobs/${JOB_ID}` },
    });
    const request = jobs.calls[0]!.request!;
    expect(request.parameters).to.deep.equal({ prompt_version: 'v2' });
    expect(request.inputs[0]).to.deep.include({ name: 'episode', datatype: 'BYTES', shape: [1] });
  });

  it('accepts the episodes shorthand as the same request', async () => {
    const jobs = new FakeJobService();
    const { baseUrl } = await start(jobs);

    const response = await postJson(`${baseUrl}/v2/models/${MODEL}/jobs`, {
      episodes: [{ title: 'A' }, '{"title":"B"}'],
      parameters: { prompt_version: 'v1' },
    });

    expect(response.status).to.equal(202);
    const [input] = jobs.calls[0]!.request!.inputs;
    expect(input!.shape).to.deep.equal([2]);
    expect(input!.data.map((element) => new TextDecoder().decode(element as Uint8Array))).to.deep.equal(['{"title":"A"}', '{"title":"B"}']);
    expect(jobs.calls[0]!.request!.parameters).to.deep.equal({ prompt_version: 'v1' });
  });

  it('answers 400 for bodies it cannot read, without calling the service', async () => {
    const jobs = new FakeJobService();
    const { baseUrl } = await start(jobs);
    const bodies: [unknown, RegExp][] = [
      ['{not json', /not valid JSON/],
      [[1, 2], /must be a JSON object/],
      [{ episode: [] }, /neither "inputs" nor "episodes"/],
      [{ episodes: 'x' }, /episodes must be an array/],
      [{ episodes: [42] }, /episodes\[0\] must be an episode object/],
      [{ episodes: [], extra: 1 }, /Unknown field "extra"/],
      [{ episodes: [{}], parameters: { nested: { a: 1 } } }, /parameters/],
      [bytesRequest(['{}'], { parameters: { binary_data_output: true } }), /JSON only/],
    ];

    for (const [body, message] of bodies) {
      const response = await postJson(`${baseUrl}/v2/models/${MODEL}/jobs`, body);
      expect(response.status, JSON.stringify(body)).to.equal(400);
      expect(((await response.json()) as { error: string }).error).to.match(message);
    }
    expect(jobs.calls).to.deep.equal([]);
  });

  it('answers 400 for a body nested deeper than the JSON depth limit', async () => {
    const jobs = new FakeJobService();
    const { baseUrl } = await start(jobs);
    const deep = `{"episodes":[{"title":"A","transcript":${'['.repeat(20_000)}${']'.repeat(20_000)}}]}`;

    const response = await postJson(`${baseUrl}/v2/models/${MODEL}/jobs`, deep);

    expect(response.status).to.equal(400);
    expect(((await response.json()) as { error: string }).error).to.match(/nest/i);
    expect(jobs.calls).to.deep.equal([]);
  });

  it('answers the status, and once succeeded an /infer-shaped body', async () => {
    const jobs = new FakeJobService();
    jobs.next = viewOf({
      status: 'succeeded',
      endedAtMs: CREATED_AT_MS + 60_000,
      response: {
        outputs: [{ name: 'summary', datatype: 'BYTES', shape: [1], data: ['{"overview":"o"}'] }],
        parameters: { partial: false, cost_usd: 0.001, batch: true },
      },
    });
    const { baseUrl } = await start(jobs);

    const response = await fetch(`${baseUrl}/v2/models/${MODEL}/jobs/${JOB_ID}`);

    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({
      id: JOB_ID,
      model_name: MODEL,
      status: 'succeeded',
      episode_count: 1,
      created_at: '2026-11-27T01:00:00.000Z',
      ended_at: '2026-11-27T01:01:00.000Z',
      links: { self: `/v2/models/${MODEL}/jobs/${JOB_ID}` },
      parameters: { partial: false, cost_usd: 0.001, batch: true },
      outputs: [{ name: 'summary', datatype: 'BYTES', shape: [1], data: ['{"overview":"o"}'] }],
    });
    expect(jobs.calls[0]).to.deep.include({ method: 'status', modelName: MODEL, id: JOB_ID, principal: 'anonymous' });
  });

  it('answers a failed job with 200 and its reason', async () => {
    const jobs = new FakeJobService();
    jobs.next = viewOf({ status: 'failed', error: 'The Batch API reported the job as failed' });
    const { baseUrl } = await start(jobs);

    const body = (await (await fetch(`${baseUrl}/v2/models/${MODEL}/jobs/${JOB_ID}`)).json()) as Record<string, unknown>;

    expect(body).to.deep.include({ status: 'failed', error: 'The Batch API reported the job as failed' });
  });

  it('maps unknown jobs and models to 404', async () => {
    const jobs = new FakeJobService();
    const { baseUrl } = await start(jobs);

    jobs.next = new JobNotFoundError();
    const unknownJob = await fetch(`${baseUrl}/v2/models/${MODEL}/jobs/nope`);
    jobs.next = new ModelNotFoundError('other');
    const unknownModel = await fetch(`${baseUrl}/v2/models/other/jobs/${JOB_ID}`);

    expect([unknownJob.status, await unknownJob.json()]).to.deep.equal([404, { error: 'Job not found' }]);
    expect(unknownModel.status).to.equal(404);
  });

  it('cancels with DELETE: 202 while stopping, 200 once ended, 204 when purged', async () => {
    const jobs = new FakeJobService();
    const { baseUrl } = await start(jobs);
    const url = `${baseUrl}/v2/models/${MODEL}/jobs/${JOB_ID}`;

    jobs.next = viewOf({ status: 'running' });
    const stopping = await fetch(url, { method: 'DELETE' });
    jobs.next = viewOf({ status: 'cancelled', error: 'The job was cancelled' });
    const stopped = await fetch(url, { method: 'DELETE' });
    const purged = await fetch(`${url}?purge=true`, { method: 'DELETE' });

    expect([stopping.status, ((await stopping.json()) as JobView).status]).to.deep.equal([202, 'running']);
    expect([stopped.status, ((await stopped.json()) as JobView).status]).to.deep.equal([200, 'cancelled']);
    expect([purged.status, await purged.text()]).to.deep.equal([204, '']);
    expect(jobs.calls.map((call) => call.method)).to.deep.equal(['cancel', 'cancel', 'purge']);
  });

  it('authorises every route with action jobs: 401 without credentials, 403 without the right', async () => {
    const jobs = new FakeJobService();
    const guard = new FakeAccessGuard();
    const { baseUrl } = await start(jobs, { accessGuard: guard });
    const url = `${baseUrl}/v2/models/${MODEL}/jobs`;

    const anonymous = await postJson(url, '{not json');
    const reader = await fetch(`${url}/${JOB_ID}`, { headers: { 'x-api-key': 'reader' } });
    const readerCancel = await fetch(`${url}/${JOB_ID}`, { method: 'DELETE', headers: { 'x-api-key': 'reader' } });
    const alice = await fetch(`${url}/${JOB_ID}`, { headers: { authorization: 'Bearer good' } });

    expect([anonymous.status, reader.status, readerCancel.status, alice.status]).to.deep.equal([401, 403, 403, 200]);
    expect(guard.authorized).to.deep.equal([`bob:jobs:${MODEL}`, `bob:jobs:${MODEL}`, `alice:jobs:${MODEL}`]);
    expect(jobs.calls.map((call) => [call.method, call.principal])).to.deep.equal([['status', 'alice']]);
  });

  it('answers 501 with the reason when jobs are not available on the backend', async () => {
    const jobs = new FakeJobService();
    jobs.next = new NotImplementedError('Batch jobs are not available on the vertex backend');
    const { baseUrl } = await start(jobs);

    const response = await postJson(`${baseUrl}/v2/models/${MODEL}/jobs`, { episodes: [{ title: 'A' }] });

    expect([response.status, await response.json()]).to.deep.equal([501, { error: 'Batch jobs are not available on the vertex backend' }]);
  });

  it('answers 413 past the body limit and 405 for other methods', async () => {
    const jobs = new FakeJobService();
    const { baseUrl } = await start(jobs, { maxBodyBytes: 100 });

    const tooLarge = await postJson(`${baseUrl}/v2/models/${MODEL}/jobs`, { episodes: ['x'.repeat(200)] });
    const put = await fetch(`${baseUrl}/v2/models/${MODEL}/jobs`, { method: 'PUT' });

    expect(tooLarge.status).to.equal(413);
    expect([put.status, put.headers.get('allow')]).to.deep.equal([405, 'POST']);
    expect(jobs.calls).to.deep.equal([]);
  });
});
