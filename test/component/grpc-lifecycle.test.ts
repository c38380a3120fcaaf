import { credentials, makeGenericClientConstructor, status as Status, type ServiceError } from '@grpc/grpc-js';
import { expect } from 'chai';
import type { Sleep } from '../../predictor/clock.js';
import { CancelledError, DeadlineExceededError } from '../../predictor/errors.js';
import type { ModelResponse } from '../../predictor/contract/tensor.js';
import type { RequestContext } from '../../predictor/contract/request-context.js';
import { loadGrpcDefinitions } from '../../predictor/protocol/grpc/load-grpc-definitions.js';
import { createShutdown } from '../../predictor/server.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { bytesInput, startGrpcTestApp, type GrpcTestApp } from '../protocol/grpc/support/grpc-test-app.js';
import { useHttp2WithoutNock } from '../protocol/grpc/support/grpc-without-nock.js';
import { reflectionClient } from '../protocol/grpc/support/reflection-client.js';

/** A model step that waits until its request is aborted and fails with the abort reason. */
const waitForAbort = (_request: unknown, context: RequestContext): Promise<ModelResponse> =>
  new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason as Error), { once: true }));

function aborted(signal: AbortSignal): Promise<unknown> {
  return signal.aborted
    ? Promise.resolve(signal.reason)
    : new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }));
}

/** A Sleep the test ends by hand; `next()` resolves when the code under test starts one. */
class ManualSleep {
  private readonly waiters: Array<(resolve: () => void) => void> = [];
  readonly sleep: Sleep = () => new Promise<void>((resolve) => this.waiters.shift()?.(resolve));
  next(): Promise<() => void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

const inferRequest = { model_name: 'fake-model', inputs: [bytesInput(['x'])] };

describe('gRPC call lifecycle: deadlines, cancellation, shutdown, health, reflection', () => {
  let app: GrpcTestApp | undefined;
  useHttp2WithoutNock();
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("makes the client's deadline the request deadline and answers DEADLINE_EXCEEDED when it passes", async () => {
    const model = new FakePredictorModel({ script: [waitForAbort] });
    app = await startGrpcTestApp({ models: [model], requestTimeoutMs: 60000 });
    const called = model.nextCall();
    const deadline = new Date(Date.now() + 300);
    const outcome = app.client().call('ModelInfer', inferRequest, { deadline });
    const { context } = await called;
    // The client sends a timeout (grpc-timeout), not the instant: the server's deadline is the
    // client's give or take the transit, and far from the 60 s REQUEST_TIMEOUT_MS.
    expect(context.deadlineAtMs).to.be.below(deadline.getTime() + 10000);
    expect(await aborted(context.signal)).to.be.instanceOf(DeadlineExceededError);
    expect((await outcome).error?.code).to.equal(Status.DEADLINE_EXCEEDED);
  });

  it('uses REQUEST_TIMEOUT_MS when the client sets no deadline', async () => {
    const model = new FakePredictorModel();
    app = await startGrpcTestApp({ models: [model], requestTimeoutMs: 45000 });
    const before = Date.now();
    await app.client().call('ModelInfer', inferRequest);
    expect(model.calls[0]?.context.deadlineAtMs).to.be.within(before + 45000, Date.now() + 45000);
  });

  it('aborts the pipeline when the client cancels the call', async () => {
    const model = new FakePredictorModel({ script: [waitForAbort] });
    app = await startGrpcTestApp({ models: [model] });
    const called = model.nextCall();
    const call = app.client().raw.ModelInfer!(inferRequest, () => undefined) as { cancel(): void };
    const { context } = await called;
    call.cancel();
    expect(await aborted(context.signal)).to.be.instanceOf(CancelledError);
    await app.inFlight.whenIdle();
    expect(app.logger.withMessage('grpc request').map((line) => line.fields.code)).to.deep.equal(['CANCELLED']);
  });

  it('aborts the pipeline when the client cancels a gRPC call made over h2c on the HTTP port', async () => {
    const model = new FakePredictorModel({ script: [waitForAbort] });
    app = await startGrpcTestApp({ models: [model] });
    const called = model.nextCall();
    const call = app.client(app.httpPort).raw.ModelInfer!(inferRequest, () => undefined) as { cancel(): void };
    const { context } = await called;
    call.cancel();
    expect(await aborted(context.signal)).to.be.instanceOf(CancelledError);
  });

  it('lets an in-flight call finish on shutdown while health and readiness report not serving, then closes', async () => {
    let finishModel: () => void = () => undefined;
    const model = new FakePredictorModel({
      script: [(request) => new Promise((resolve) => (finishModel = () => resolve({ outputs: request.inputs })))],
    });
    app = await startGrpcTestApp({ models: [model] });
    const client = app.client();
    const health = healthClient(app.grpcPort!);
    const called = model.nextCall();
    const inFlight = client.call('ModelInfer', inferRequest);
    await called;
    const manual = new ManualSleep();
    const drainDelay = manual.next();
    const shutdown = createShutdown({
      dataPlane: app.dataPlane,
      server: app.server,
      inFlight: app.inFlight,
      drainDelayMs: 3000,
      shutdownTimeoutMs: 30000,
      sleep: manual.sleep,
      logger: app.logger,
    })();
    const endDrainDelay = await drainDelay;
    expect(await health.check('')).to.deep.equal({ status: 'NOT_SERVING' });
    expect((await client.call('ServerReady', {})).response).to.deep.equal({ ready: false });
    const late = await client.call('ModelInfer', inferRequest);
    expect([late.error?.code, late.error?.details]).to.deep.equal([Status.UNAVAILABLE, 'Server is shutting down']);
    const patience = manual.next();
    endDrainDelay();
    await patience;
    finishModel();
    const finished = await inFlight;
    expect(finished.error).to.equal(undefined);
    await shutdown;
    health.close();
    expect(app.logger.withMessage('shutdown complete')).to.have.length(1);
  });

  it('aborts a call still running after the shutdown timeout and answers UNAVAILABLE', async () => {
    const model = new FakePredictorModel({ script: [waitForAbort] });
    app = await startGrpcTestApp({ models: [model] });
    const called = model.nextCall();
    const stuck = app.client().call('ModelInfer', inferRequest);
    await called;
    const manual = new ManualSleep();
    const drainDelay = manual.next();
    const shutdown = createShutdown({
      dataPlane: app.dataPlane,
      server: app.server,
      inFlight: app.inFlight,
      drainDelayMs: 1,
      shutdownTimeoutMs: 2,
      sleep: manual.sleep,
      logger: app.logger,
    })();
    const patience = manual.next();
    (await drainDelay)();
    (await patience)();
    const { error } = await stuck;
    expect([error?.code, error?.details]).to.deep.equal([Status.UNAVAILABLE, 'Server shut down before the request finished']);
    await shutdown;
  });

  it('answers grpc.health.v1.Health/Check: readiness for "" and the inference service, liveness, NOT_FOUND otherwise', async () => {
    const model = new FakePredictorModel({ isReady: false });
    app = await startGrpcTestApp({ models: [model] });
    const health = healthClient(app.grpcPort!);
    expect(await health.check('')).to.deep.equal({ status: 'NOT_SERVING' });
    expect(await health.check('liveness')).to.deep.equal({ status: 'SERVING' });
    model.setReady(true);
    expect(await health.check('inference.GRPCInferenceService')).to.deep.equal({ status: 'SERVING' });
    expect(((await health.check('nope').catch((error: unknown) => error)) as ServiceError).code).to.equal(Status.NOT_FOUND);
    health.close();
  });

  it('serves reflection, so a client without the proto finds the services and their methods', async () => {
    app = await startGrpcTestApp();
    const reflection = reflectionClient(app.grpcPort!);
    const services = await reflection.ask({ list_services: '' });
    expect((services.list_services_response as { service: { name: string }[] }).service.map((service) => service.name)).to.include.members([
      'inference.GRPCInferenceService',
      'grpc.health.v1.Health',
    ]);
    const files = await reflection.ask({ file_containing_symbol: 'inference.GRPCInferenceService' });
    const descriptors = (files.file_descriptor_response as { file_descriptor_proto: Buffer[] }).file_descriptor_proto;
    expect(Buffer.concat(descriptors).toString('latin1')).to.include('ModelStreamInfer').and.include('ModelInfer');
    reflection.close();
  });
});

function healthClient(port: number) {
  const Constructor = makeGenericClientConstructor(loadGrpcDefinitions().healthService, 'Health');
  const client = new Constructor(`127.0.0.1:${port}`, credentials.createInsecure()) as unknown as {
    Check(request: object, callback: (error: ServiceError | null, response: unknown) => void): void;
    close(): void;
  };
  return {
    check: (service: string) =>
      new Promise((resolve, reject) => client.Check({ service }, (error, response) => (error ? reject(error) : resolve(response)))),
    close: () => client.close(),
  };
}
