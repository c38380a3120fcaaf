import { expect } from 'chai';
import http2 from 'node:http2';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { bytesInput, startGrpcTestApp, type GrpcTestApp } from '../protocol/grpc/support/grpc-test-app.js';
import { useHttp2WithoutNock } from '../protocol/grpc/support/grpc-without-nock.js';

interface Http2Answer {
  readonly headers: http2.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly trailers: http2.IncomingHttpHeaders;
}

/** One request on an existing HTTP/2 session. */
function request(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, body?: Buffer): Promise<Http2Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request(headers, { endStream: body === undefined });
    let responseHeaders: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    stream.on('response', (received) => (responseHeaders = received));
    stream.on('trailers', (received) => (trailers = received));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve({ headers: responseHeaders, body: Buffer.concat(chunks), trailers }));
    stream.on('error', reject);
    if (body !== undefined) stream.end(body);
  });
}

/** A gRPC length-prefixed message frame (uncompressed). */
function grpcFrame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.byteLength, 1);
  return Buffer.concat([prefix, message]);
}

const INFER_BODY = JSON.stringify({ id: 'rest-1', inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: ['over h2c'] }] });

describe('one port: REST over HTTP/1.1 and h2c, and gRPC over h2c, on the HTTP port', () => {
  let app: GrpcTestApp | undefined;
  useHttp2WithoutNock();
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers REST over HTTP/1.1 as before, GET and POST (whose first byte is also the preface\'s "P")', async () => {
    app = await startGrpcTestApp();
    const base = `http://127.0.0.1:${app.httpPort}`;
    const ready = await fetch(`${base}/v2/health/ready`);
    expect([ready.status, await ready.json()]).to.deep.equal([200, { ready: true }]);
    const infer = await fetch(`${base}/v2/models/fake-model/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: INFER_BODY,
    });
    expect(((await infer.json()) as { id: string }).id).to.equal('rest-1');
  });

  it('answers REST and gRPC on the same h2c connection (as the Knative queue-proxy multiplexes them)', async () => {
    app = await startGrpcTestApp();
    const session = http2.connect(`http://127.0.0.1:${app.httpPort}`);
    try {
      const ready = await request(session, { ':method': 'GET', ':path': '/v2/health/ready' });
      expect([ready.headers[':status'], JSON.parse(ready.body.toString())]).to.deep.equal([200, { ready: true }]);
      expect(ready.headers['x-request-id']).to.be.a('string');
      const infer = await request(
        session,
        { ':method': 'POST', ':path': '/v2/models/fake-model/infer', 'content-type': 'application/json' },
        Buffer.from(INFER_BODY),
      );
      expect([infer.headers[':status'], (JSON.parse(infer.body.toString()) as { id: string }).id]).to.deep.equal([200, 'rest-1']);
      const missing = await request(session, { ':method': 'GET', ':path': '/v2/models/ghost' });
      expect([missing.headers[':status'], JSON.parse(missing.body.toString())]).to.deep.equal([
        404,
        { error: 'Model with name ghost does not exist.' },
      ]);
      // ServerLive: an empty request message; ServerLiveResponse { live: true } is field 1 varint 1.
      const live = await request(
        session,
        { ':method': 'POST', ':path': '/inference.GRPCInferenceService/ServerLive', 'content-type': 'application/grpc', te: 'trailers' },
        grpcFrame(Buffer.alloc(0)),
      );
      expect(live.headers['content-type']).to.equal('application/grpc+proto');
      expect(live.body.toString('hex')).to.equal(grpcFrame(Buffer.from([0x08, 0x01])).toString('hex'));
      expect(live.trailers['grpc-status']).to.equal('0');
      const unknown = await request(
        session,
        { ':method': 'POST', ':path': '/inference.GRPCInferenceService/Nope', 'content-type': 'application/grpc', te: 'trailers' },
        grpcFrame(Buffer.alloc(0)),
      );
      expect(unknown.headers['grpc-status'] ?? unknown.trailers['grpc-status']).to.equal('12');
    } finally {
      session.close();
    }
  });

  it('serves a grpc-js client on the HTTP port exactly as on the gRPC port', async () => {
    const model = new FakePredictorModel();
    app = await startGrpcTestApp({ models: [model] });
    const request = { model_name: 'fake-model', id: 'same', inputs: [bytesInput(['one port'])] };
    const onHttpPort = await app.client(app.httpPort).call('ModelInfer', request);
    const onGrpcPort = await app.client(app.grpcPort).call('ModelInfer', request);
    expect(onHttpPort).to.deep.equal(onGrpcPort);
    const error = await app.client(app.httpPort).call('ModelInfer', { ...request, model_name: 'ghost' });
    expect(error.error?.details).to.equal('Model with name ghost does not exist.');
    expect(app.logger.withMessage('http request')).to.have.length(0);
  });

  it('loads gRPC only when the first gRPC call arrives: REST over HTTP/1.1 and h2c leaves it unbuilt', async () => {
    app = await startGrpcTestApp({ separatePort: false });
    expect(app.grpcPort).to.equal(undefined);
    const base = `http://127.0.0.1:${app.httpPort}`;
    expect((await fetch(`${base}/v2/models/fake-model/infer`, { method: 'POST', body: INFER_BODY })).status).to.equal(200);
    const session = http2.connect(base);
    try {
      const ready = await request(session, { ':method': 'GET', ':path': '/v2/health/ready' });
      expect(ready.headers[':status']).to.equal(200);
      expect(app.grpcServer.isBuilt()).to.equal(false);
      const live = await request(
        session,
        { ':method': 'POST', ':path': '/inference.GRPCInferenceService/ServerLive', 'content-type': 'application/grpc', te: 'trailers' },
        grpcFrame(Buffer.alloc(0)),
      );
      expect([live.trailers['grpc-status'], app.grpcServer.isBuilt()]).to.deep.equal(['0', true]);
    } finally {
      session.close();
    }
    expect((await app.client(app.httpPort).call('ServerLive', {})).response).to.deep.equal({ live: true });
  });

  it('serves REST only on the HTTP port when one-port mode is off (an h2c client is not understood)', async () => {
    app = await startGrpcTestApp({ onHttpPort: false });
    const session = http2.connect(`http://127.0.0.1:${app.httpPort}`);
    const failed = await new Promise<boolean>((resolve) => {
      session.once('error', () => resolve(true));
      session.once('close', () => resolve(true));
      session.once('remoteSettings', () => resolve(false));
    });
    session.destroy();
    expect(failed).to.equal(true);
    expect((await app.client().call('ServerLive', {})).response).to.deep.equal({ live: true });
  });
});
