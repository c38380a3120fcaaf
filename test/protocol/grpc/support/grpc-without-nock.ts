/**
 * @module test/protocol/grpc/support/grpc-without-nock
 * Lets HTTP/2 clients (grpc-js, node:http2) connect in a describe block while nock is loaded.
 * Kept apart from the gRPC test app so that importing a client does not load (and so activate)
 * nock.
 */
import nock from 'nock';

/**
 * Registers hooks that switch nock's interception off for a describe block and back on after
 * it. nock 15 intercepts every socket (Socket.prototype.connect) and reads an HTTP/2 client's
 * preface ("PRI * HTTP/2.0") as an HTTP/1 request line, so an h2c or gRPC connection hangs
 * under it. The blocks that use this talk to loopback servers only (fake models, or the
 * in-process emulator on 127.0.0.1), so no request can leave the machine without nock either.
 */
export function useHttp2WithoutNock(): void {
  let wasActive = false;
  before(() => {
    wasActive = nock.isActive();
    if (wasActive) nock.restore();
  });
  after(() => {
    if (wasActive && !nock.isActive()) nock.activate();
  });
}
