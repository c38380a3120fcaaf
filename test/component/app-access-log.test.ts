import { expect } from 'chai';
import type { AccessGuard } from '../../predictor/contract/access-control.js';
import { LlmUnavailableError } from '../../predictor/errors.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { bytesRequest, postJson, startTestApp, type TestApp, useTestAppHooks } from '../protocol/support/start-test-app.js';

const TEAM_GUARD: AccessGuard = {
  authenticate: async () => ({ id: 'team-research', roles: ['caller'], authMethod: 'api-key' }),
  authorize: () => {},
};

describe('createApp: access log and spend per principal', () => {
  let app: TestApp | undefined;
  useTestAppHooks(() => app);

  it('answers "who spent what" in one line: principal, tokens, cost, served models, cache hit and partial flag', async () => {
    const model = new FakePredictorModel({
      script: [
        (request) => ({
          outputs: request.inputs,
          parameters: { models: 'gemini-3.8-flash-001', cache_hit: false, partial: true },
          usage: { tokens: 1234, costUsd: 0.0125 },
        }),
      ],
    });
    app = await startTestApp({ models: [model], accessGuard: TEAM_GUARD });

    await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x']), { authorization: 'Bearer k' });
    await app.inFlight.whenIdle();

    const [line] = app.logger.withMessage('http request');
    expect(line?.fields).to.include({
      principal: 'team-research',
      tokens: 1234,
      cost_usd: 0.0125,
      served_models: 'gemini-3.8-flash-001',
      cache_hit: false,
      partial: true,
      status: 200,
    });
    const text = await app.metrics.registry.metrics();
    expect(text).to.contain('principal_cost_usd_total{principal="team-research"} 0.0125');
    expect(text).to.contain('principal_tokens_total{principal="team-research"} 1234');
  });

  it('charges a failed request with what its calls were billed before it failed', async () => {
    const model = new FakePredictorModel({
      script: [
        (_request, context) => {
          context.spend?.add({ tokens: 300, costUsd: 0.002 });
          context.spend?.add({ tokens: 200, costUsd: 0.001 });
          throw new LlmUnavailableError('Gemini is unavailable');
        },
      ],
    });
    app = await startTestApp({ models: [model], accessGuard: TEAM_GUARD });

    const response = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['x']), { authorization: 'Bearer k' });
    await app.inFlight.whenIdle();

    expect(response.status).to.equal(502);
    const [line] = app.logger.withMessage('http request');
    expect(line?.fields).to.include({ principal: 'team-research', tokens: 500, cost_usd: 0.003, status: 502 });
    expect(line?.fields).not.to.have.property('partial');
    expect(await app.metrics.registry.metrics()).to.contain('principal_tokens_total{principal="team-research"} 500');
  });
});
