import { expect } from 'chai';
import { Router, type RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '../../predictor/errors.js';
import type { AccessGuard, Action, Credentials } from '../../predictor/contract/access-control.js';
import type { Principal } from '../../predictor/contract/request-context.js';
import { requireAccess, ANY_MODEL } from '../../predictor/protocol/middleware/require-access.js';
import { contextOf } from '../../predictor/protocol/request-state.js';
import { bytesRequest, postJson, startTestApp, type TestApp, useTestAppHooks } from '../protocol/support/start-test-app.js';

/** Accepts token "good" (may infer) and API key "reader" (metadata only); records its calls. */
class FakeAccessGuard implements AccessGuard {
  readonly authenticated: Credentials[] = [];
  readonly authorized: Array<{ principal: string; modelName: string; action: Action }> = [];

  async authenticate(credentials: Credentials): Promise<Principal> {
    this.authenticated.push(credentials);
    if (credentials.bearerToken === 'good') return { id: 'alice', roles: ['inference'], authMethod: 'jwt' };
    if (credentials.apiKey === 'reader') return { id: 'bob', roles: ['reader'], authMethod: 'api-key' };
    throw new UnauthorizedError('Missing or invalid credentials');
  }

  authorize(principal: Principal, modelName: string, action: Action): void {
    this.authorized.push({ principal: principal.id, modelName, action });
    if (principal.roles.includes('inference')) return;
    if (action !== 'metadata') throw new ForbiddenError(`${principal.id} may not ${action} ${modelName}`);
  }
}

describe('createApp: access control', () => {
  let app: TestApp | undefined;
  useTestAppHooks(() => app);

  it('answers 401 with WWW-Authenticate: Bearer without credentials, before reading the body', async () => {
    const guard = new FakeAccessGuard();
    app = await startTestApp({ accessGuard: guard });
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, '{not json');
    expect(response.status).to.equal(401);
    expect(response.headers.get('www-authenticate')).to.equal('Bearer');
    expect(await response.json()).to.deep.equal({ error: 'Missing or invalid credentials' });
    expect(app.model.calls).to.have.length(0);
  });

  it('answers 401 for a malformed Authorization header without calling the guard', async () => {
    const guard = new FakeAccessGuard();
    app = await startTestApp({ accessGuard: guard });
    const response = await fetch(`${app.baseUrl}/v2/models/fake-model`, { headers: { authorization: 'Basic dXNlcjpwdw==' } });
    expect(response.status).to.equal(401);
    expect(guard.authenticated).to.have.length(0);
  });

  it('answers 403 when the principal may not do the action on the model', async () => {
    const guard = new FakeAccessGuard();
    app = await startTestApp({ accessGuard: guard });
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x']), { 'x-api-key': 'reader' });
    expect(response.status).to.equal(403);
    expect(guard.authorized).to.deep.equal([{ principal: 'bob', modelName: 'fake-model', action: 'infer' }]);
  });

  it('lets an authorised caller infer and hands its principal to the model', async () => {
    const guard = new FakeAccessGuard();
    app = await startTestApp({ accessGuard: guard });
    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x']), { authorization: 'Bearer good' });
    expect(response.status).to.equal(200);
    expect(app.model.calls[0]!.context.principal).to.deep.equal({ id: 'alice', roles: ['inference'], authMethod: 'jwt' });
  });

  it('uses the metadata action for metadata, ready and list routes', async () => {
    const guard = new FakeAccessGuard();
    app = await startTestApp({ accessGuard: guard });
    const headers = { 'x-api-key': 'reader' };
    for (const path of ['/v2', '/v2/models', '/v2/models/fake-model', '/v2/models/fake-model/ready', '/v1/models/fake-model']) {
      expect((await fetch(`${app.baseUrl}${path}`, { headers })).status, path).to.equal(200);
    }
    expect(guard.authorized.map(({ modelName, action }) => `${action}:${modelName}`)).to.deep.equal([
      'metadata:*',
      'metadata:*',
      'metadata:fake-model',
      'metadata:fake-model',
      'metadata:fake-model',
    ]);
  });

  it('uses the infer action for v1 predict', async () => {
    const guard = new FakeAccessGuard();
    app = await startTestApp({ accessGuard: guard });
    const response = await postJson(`${app.baseUrl}/v1/models/fake-model:predict`, { instances: [{}] }, { 'x-api-key': 'reader' });
    expect(response.status).to.equal(403);
    expect(guard.authorized).to.deep.equal([{ principal: 'bob', modelName: 'fake-model', action: 'infer' }]);
  });

  it('keeps health probes open', async () => {
    app = await startTestApp({ accessGuard: new FakeAccessGuard() });
    for (const path of ['/', '/v2/health/live', '/v2/health/ready']) {
      expect((await fetch(`${app.baseUrl}${path}`)).status, path).to.equal(200);
    }
  });

  it('keeps /metrics open unless protectMetrics is set, then requires the admin action', async () => {
    app = await startTestApp({ accessGuard: new FakeAccessGuard() });
    expect((await fetch(`${app.baseUrl}/metrics`)).status).to.equal(200);
    await app.close();
    const guard = new FakeAccessGuard();
    app = await startTestApp({ accessGuard: guard, protectMetrics: true });
    expect((await fetch(`${app.baseUrl}/metrics`)).status).to.equal(401);
    expect((await fetch(`${app.baseUrl}/metrics`, { headers: { 'x-api-key': 'reader' } })).status).to.equal(403);
    expect((await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: 'Bearer good' } })).status).to.equal(200);
    expect(guard.authorized.at(-1)).to.deep.equal({ principal: 'alice', modelName: '*', action: 'admin' });
  });

  it('runs anonymous without a guard', async () => {
    app = await startTestApp();
    await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x']), { authorization: 'anything at all' });
    expect(app.model.calls[0]!.context.principal).to.deep.equal({ id: 'anonymous', roles: ['anonymous'], authMethod: 'none' });
  });

  it('runs extra middleware before the routes, so CORS preflights never meet a 405 or the guard', async () => {
    const guard = new FakeAccessGuard();
    const preflight: RequestHandler = (request, response, next) => {
      if (request.method === 'OPTIONS') response.status(204).set('Access-Control-Allow-Origin', '*').end();
      else next();
    };
    app = await startTestApp({ accessGuard: guard, extraMiddleware: [preflight] });
    const response = await fetch(`${app.baseUrl}/v2/models/fake-model/infer`, { method: 'OPTIONS' });
    expect([response.status, response.headers.get('access-control-allow-origin')]).to.deep.equal([204, '*']);
    expect(guard.authenticated).to.have.length(0);
  });

  it('lets extra routers reuse the guard with their own action', async () => {
    const guard = new FakeAccessGuard();
    const jobs = Router();
    jobs.post('/v2/jobs', requireAccess({ accessGuard: guard, action: 'jobs', modelNameOf: () => ANY_MODEL }), (_request, response) => {
      response.status(202).json({ principal: contextOf(response).principal.id });
    });
    app = await startTestApp({ accessGuard: guard, extraRouters: [jobs] });
    expect((await fetch(`${app.baseUrl}/v2/jobs`, { method: 'POST' })).status).to.equal(401);
    const accepted = await fetch(`${app.baseUrl}/v2/jobs`, { method: 'POST', headers: { authorization: 'Bearer good' } });
    expect([accepted.status, await accepted.json()]).to.deep.equal([202, { principal: 'alice' }]);
    expect(guard.authorized.at(-1)).to.deep.equal({ principal: 'alice', modelName: '*', action: 'jobs' });
  });
});
