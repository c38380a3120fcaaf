import { expect } from 'chai';
import { duplexPair } from 'node:stream';
import {
  createGrpcServer,
  type BuiltGrpcServer,
  type CreateGrpcServerOptions,
} from '../../../predictor/protocol/grpc/create-grpc-server.js';
import { createGrpcMetrics } from '../../../predictor/observability/grpc-metrics.js';
import { CollectingLogger } from '../../fakes/collecting-logger.js';
import { createTestAppParts } from '../support/test-app-parts.js';

function optionsWith(build: NonNullable<CreateGrpcServerOptions['build']>, logger = new CollectingLogger()): CreateGrpcServerOptions {
  const { dataPlane, inFlight, metrics } = createTestAppParts();
  return {
    build,
    logger,
    dataPlane,
    inFlight,
    metrics: createGrpcMetrics({ registry: metrics.registry }),
    requestTimeoutMs: 1000,
    maxMessageBytes: 1024,
  };
}

describe('createGrpcServer (built on first use)', () => {
  it('builds nothing until a connection or a port needs it, and closes at once when never built', async () => {
    let builds = 0;
    const server = createGrpcServer(
      optionsWith(async () => {
        builds++;
        throw new Error('not expected');
      }),
    );
    await server.close();
    expect([builds, server.isBuilt()]).to.deep.equal([0, false]);
  });

  it('closes a connection it cannot serve when the build fails, logs why, and still shuts down cleanly', async () => {
    const logger = new CollectingLogger();
    const server = createGrpcServer(
      optionsWith(async () => {
        throw new Error('grpc-js is missing');
      }, logger),
    );
    const [clientSide, serverSide] = duplexPair();
    const closed = new Promise<void>((resolve) => serverSide.once('close', () => resolve()));
    server.injectConnection(serverSide);
    await closed;
    expect(serverSide.destroyed).to.equal(true);
    expect(logger.withMessage('gRPC server could not be built; connection closed')).to.have.length(1);
    await server.close();
    clientSide.destroy();
  });

  it('serves a connection handed over before close() even when close() comes while the server is being built', async () => {
    const injected: unknown[] = [];
    let finishBuild: (server: BuiltGrpcServer) => void = () => undefined;
    const built: BuiltGrpcServer = {
      listen: async () => 0,
      injectConnection: (connection) => void injected.push(connection),
      close: async () => undefined,
      closeAllConnections: () => undefined,
    };
    const server = createGrpcServer(optionsWith(() => new Promise((resolve) => (finishBuild = resolve))));
    const [, early] = duplexPair();
    const [, late] = duplexPair();
    server.injectConnection(early);
    const closing = server.close();
    server.injectConnection(late);
    finishBuild(built);
    await closing;
    expect(injected).to.deep.equal([early]);
    expect(late.destroyed).to.equal(true);
  });
});
