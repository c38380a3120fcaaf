import { expect } from 'chai';
import nock from 'nock';
import { createApp } from '../../predictor/app.js';
import { createDataPlane } from '../../predictor/dataplane/data-plane.js';
import { createModelRegistry } from '../../predictor/dataplane/model-registry.js';
import { createHttpMetrics } from '../../predictor/observability/http-metrics.js';
import { createMetricsRegistry } from '../../predictor/observability/metrics-registry.js';
import { startServer } from '../../predictor/server.js';
import { CollectingLogger } from '../fakes/collecting-logger.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { allowLoopbackOnly } from '../protocol/support/start-test-app.js';

describe('startServer', () => {
  before(allowLoopbackOnly);
  afterEach(() => nock.cleanAll());

  function buildApp() {
    const metrics = createMetricsRegistry({ collectProcessMetrics: false });
    return createApp({
      dataPlane: createDataPlane({
        registry: createModelRegistry([new FakePredictorModel()]),
        serverMetadata: { name: 's', version: '1', extensions: [] },
      }),
      logger: new CollectingLogger(),
      httpMetrics: createHttpMetrics({ registry: metrics.registry }),
      renderMetrics: () => metrics.render(),
      server: { maxBodyBytes: 4096, requestTimeoutMs: 1000 },
    });
  }

  it('listens on a free port with the configured keep-alive and headers timeouts', async () => {
    const logger = new CollectingLogger();
    const server = await startServer({
      app: buildApp(),
      port: 0,
      host: '127.0.0.1',
      keepAliveTimeoutMs: 75000,
      headersTimeoutMs: 76000,
      logger,
    });
    try {
      expect(server.port).to.be.above(0);
      expect([server.httpServer.keepAliveTimeout, server.httpServer.headersTimeout]).to.deep.equal([75000, 76000]);
      expect((await fetch(`http://127.0.0.1:${server.port}/v2/health/live`)).status).to.equal(200);
      expect(logger.withMessage('server listening')[0]?.fields).to.include({ port: server.port });
    } finally {
      server.closeAllConnections();
      await server.close();
    }
  });

  it('rejects when the port is taken', async () => {
    const logger = new CollectingLogger();
    const first = await startServer({
      app: buildApp(),
      port: 0,
      host: '127.0.0.1',
      keepAliveTimeoutMs: 5000,
      headersTimeoutMs: 6000,
      logger,
    });
    try {
      const second = startServer({
        app: buildApp(),
        port: first.port,
        host: '127.0.0.1',
        keepAliveTimeoutMs: 5000,
        headersTimeoutMs: 6000,
        logger,
      });
      const error = await second.then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect((error as NodeJS.ErrnoException).code).to.equal('EADDRINUSE');
    } finally {
      await first.close();
    }
  });

  it('stops accepting connections once closed', async () => {
    const server = await startServer({
      app: buildApp(),
      port: 0,
      host: '127.0.0.1',
      keepAliveTimeoutMs: 5000,
      headersTimeoutMs: 6000,
      logger: new CollectingLogger(),
    });
    server.closeAllConnections();
    await server.close();
    const failure = await fetch(`http://127.0.0.1:${server.port}/v2/health/live`).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(TypeError);
  });
});
