import { expect } from 'chai';
import type { Sleep } from '../../predictor/clock.js';
import { createShutdown } from '../../predictor/server.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { bytesRequest, postJson, startTestApp, type TestApp, useTestAppHooks } from '../protocol/support/start-test-app.js';

interface PendingSleep {
  readonly ms: number;
  readonly signal: AbortSignal | undefined;
  resolve(): void;
}

/** A Sleep the test ends by hand (an abort rejects it, as every Sleep does); `next()` resolves when the code under test starts one. */
class ManualSleep {
  private readonly waiters: Array<(sleep: PendingSleep) => void> = [];
  readonly sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      const pending = { ms, signal, resolve };
      this.waiters.shift()?.(pending);
    });

  next(): Promise<PendingSleep> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

describe('createShutdown', () => {
  let app: TestApp | undefined;
  useTestAppHooks(() => app);

  function shutdownOf(target: TestApp, manual: ManualSleep) {
    return createShutdown({
      dataPlane: target.dataPlane,
      server: target.server,
      inFlight: target.inFlight,
      drainDelayMs: 3000,
      shutdownTimeoutMs: 30000,
      sleep: manual.sleep,
      logger: target.logger,
    });
  }

  it('lets an in-flight request finish while readiness reports 503, then closes', async () => {
    let finishModel: () => void = () => undefined;
    const model = new FakePredictorModel({
      script: [(request) => new Promise((resolve) => (finishModel = () => resolve({ outputs: request.inputs })))],
    });
    app = await startTestApp({ models: [model] });
    const manual = new ManualSleep();
    const called = model.nextCall();
    const inFlightResponse = postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['in flight']));
    const { context } = await called;

    const drainDelay = manual.next();
    const done = shutdownOf(app, manual)();
    const drainSleep = await drainDelay;
    expect(drainSleep.ms).to.equal(3000);
    const ready = await fetch(`${app.baseUrl}/v2/health/ready`);
    expect([ready.status, await ready.json()]).to.deep.equal([503, { error: 'Server is shutting down' }]);
    const lateInfer = await postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['late']));
    expect(lateInfer.status).to.equal(503);

    const patience = manual.next();
    drainSleep.resolve();
    const timeoutSleep = await patience;
    expect(timeoutSleep.ms).to.equal(30000);
    finishModel();
    const response = await inFlightResponse;
    expect([response.status, ((await response.json()) as { outputs: unknown[] }).outputs]).to.deep.equal([
      200,
      [{ name: 'episode', shape: [1], datatype: 'BYTES', data: ['in flight'] }],
    ]);
    await done;
    expect(timeoutSleep.signal?.aborted, 'the timeout wait is cancelled once drained').to.equal(true);
    expect(context.signal.aborted).to.equal(false);
    expect(app.logger.withMessage('shutdown complete')).to.have.length(1);
  });

  it('aborts a request still running after shutdownTimeoutMs and answers it 503', async () => {
    const model = new FakePredictorModel({
      script: [
        (_request, context) =>
          new Promise((_resolve, reject) =>
            context.signal.addEventListener('abort', () => reject(context.signal.reason as Error), { once: true }),
          ),
      ],
    });
    app = await startTestApp({ models: [model] });
    const manual = new ManualSleep();
    const called = model.nextCall();
    const stuckResponse = postJson(`${app.baseUrl}/v2/models/fake-model/infer`, bytesRequest(['stuck']));
    const { context } = await called;

    const drainDelay = manual.next();
    const done = shutdownOf(app, manual)();
    const patience = manual.next();
    (await drainDelay).resolve();
    (await patience).resolve(); // shutdownTimeoutMs elapses with the request still running
    const response = await stuckResponse;
    expect(response.status).to.equal(503);
    expect(await response.json()).to.deep.equal({ error: 'Server shut down before the request finished' });
    await done;
    expect((context.signal.reason as { code: string }).code).to.equal('server_not_ready');
    expect(app.logger.withMessage('aborting requests still running after the shutdown timeout')[0]?.fields).to.include({ in_flight: 1 });
  });

  it('runs once however often it is called', async () => {
    app = await startTestApp();
    const manual = new ManualSleep();
    const drainDelay = manual.next();
    const shutdown = shutdownOf(app, manual);
    const first = shutdown();
    expect(shutdown()).to.equal(first);
    (await drainDelay).resolve();
    await first;
    expect(app.logger.withMessage('shutdown started')).to.have.length(1);
  });
});
