import { expect } from 'chai';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { LlmUnavailableError } from '../../predictor/errors.js';
import { toLlmError } from '../../predictor/llm/gemini-errors.js';
import { createNodeHttpFetch } from '../../predictor/llm/node-http-fetch.js';
import { rejectionOf } from '../support/rejection-of.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  readonly remotePort: number;
}

/** A loopback server that records each request and answers with `answer`. */
async function startServer(answer: (request: http.IncomingMessage, response: http.ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: request.socket.remotePort ?? 0,
      });
      answer(request, response);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    seen,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

describe('createNodeHttpFetch', () => {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends the method, headers and body and answers with status, every header and the body', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(201, 'Made', [
        ['content-type', 'application/json'],
        ['x-multi', 'a'],
        ['x-multi', 'b'],
      ]);
      response.end('{"ok":true,"text":"h\u00e9llo \ud83d\ude00"}');
    });
    const response = await createNodeHttpFetch()(`${server.url}/v1beta/models/m:generateContent?x=1`, {
      method: 'POST',
      headers: new Headers({ 'content-type': 'application/json', 'x-goog-api-key': 'k' }),
      body: '{"contents":"caf\u00e9"}',
    });

    expect(response.status).to.equal(201);
    expect(response.statusText).to.equal('Made');
    expect(response.ok).to.equal(true);
    expect(response.headers.get('x-multi')).to.equal('a, b');
    expect(await response.json()).to.deep.equal({ ok: true, text: 'h\u00e9llo \ud83d\ude00' });
    const [request] = server.seen;
    expect(request).to.include({ method: 'POST', url: '/v1beta/models/m:generateContent?x=1', body: '{"contents":"caf\u00e9"}' });
    expect(request?.headers).to.include({ 'content-type': 'application/json', 'x-goog-api-key': 'k', 'content-length': '20' });
    // Nothing asks for compression: the answer arrives as sent, with no inflating to pay for.
    expect(request?.headers).not.to.have.property('accept-encoding');
  });

  it('sends byte bodies as they are', async () => {
    server = await startServer((_request, response) => response.end('ok'));
    const response = await createNodeHttpFetch()(server.url, { method: 'POST', body: new TextEncoder().encode('bytes \u00fc') });
    expect(await response.text()).to.equal('ok');
    expect(server.seen[0]?.body).to.equal('bytes \u00fc');
  });

  it('keeps the connection alive between calls', async () => {
    server = await startServer((_request, response) => response.end('ok'));
    const nodeFetch = createNodeHttpFetch();
    for (let call = 0; call < 3; call++) expect(await (await nodeFetch(server.url, { method: 'POST', body: 'x' })).text()).to.equal('ok');
    expect(new Set(server.seen.map((request) => request.remotePort)).size).to.equal(1);
  });

  it('answers a call slower than the idle keep-alive timeout (the timeout closes idle sockets only)', async () => {
    server = await startServer((_request, response) => {
      setTimeout(() => response.end('late'), 40);
    });
    const response = await createNodeHttpFetch({ keepAliveMs: 1 })(server.url, { method: 'POST', body: 'x' });
    expect(await response.text()).to.equal('late');
  });

  it('answers error statuses as responses, and a null-body status with no body', async () => {
    server = await startServer((request, response) => {
      response.statusCode = request.url === '/gone' ? 204 : 503;
      response.end(request.url === '/gone' ? undefined : '{"error":{"code":503}}');
    });
    const nodeFetch = createNodeHttpFetch();
    const overloaded = await nodeFetch(`${server.url}/busy`, { method: 'POST', body: 'x' });
    expect(overloaded.ok).to.equal(false);
    expect(overloaded.status).to.equal(503);
    expect(await overloaded.json()).to.deep.equal({ error: { code: 503 } });
    const empty = await nodeFetch(`${server.url}/gone`, { method: 'POST' });
    expect(empty.status).to.equal(204);
    expect(empty.body).to.equal(null);
  });

  it('rejects a refused connection as fetch does, which gemini-errors reads as an unreachable backend', async () => {
    server = await startServer((_request, response) => response.end());
    const { url } = server;
    await server.close();
    server = undefined;

    const error = await rejectionOf(createNodeHttpFetch()(url, { method: 'POST', body: 'x' }));

    expect(error).to.be.instanceOf(TypeError);
    expect(error.message).to.equal('fetch failed');
    expect((error.cause as NodeJS.ErrnoException).code).to.equal('ECONNREFUSED');
    expect(toLlmError(error, 'm')).to.be.instanceOf(LlmUnavailableError);
  });

  it('rejects with the abort reason, before sending or while waiting, and closes the connection', async () => {
    // The server never answers: only the abort can end the call.
    const arrived = Promise.withResolvers<Socket>();
    server = await startServer((request) => arrived.resolve(request.socket));
    const nodeFetch = createNodeHttpFetch();
    const reason = new Error('deadline');

    expect(await rejectionOf(nodeFetch(server.url, { method: 'POST', body: 'x', signal: AbortSignal.abort(reason) }))).to.equal(reason);
    expect(server.seen).to.have.length(0);

    const controller = new AbortController();
    const call = rejectionOf(nodeFetch(server.url, { method: 'POST', body: 'x', signal: controller.signal }));
    const closed = once(await arrived.promise, 'close');
    controller.abort(reason);
    expect(await call).to.equal(reason);
    await closed;
  });

  it('rejects an answer longer than the body limit', async () => {
    server = await startServer((_request, response) => response.end('x'.repeat(70_000)));
    const error = await rejectionOf(createNodeHttpFetch({ maxResponseBytes: 65_536 })(server.url, { method: 'POST', body: 'x' }));
    expect(error).to.be.instanceOf(TypeError);
    expect((error.cause as Error).message).to.equal('response body exceeds 65536 bytes');
    expect(toLlmError(error, 'm')).to.be.instanceOf(LlmUnavailableError);
  });

  it('leaves other methods, streamed answers (alt=sse) and stream bodies to the global fetch', async () => {
    server = await startServer((_request, response) => response.end('ok'));
    const nodeFetch = createNodeHttpFetch();
    await (await nodeFetch(`${server.url}/plain`, { method: 'POST', body: 'x' })).text();
    await (await nodeFetch(`${server.url}/stream?alt=sse`, { method: 'POST', body: 'x' })).text();
    await (await nodeFetch(`${server.url}/blob`, { method: 'POST', body: new Blob(['x']) })).text();
    await (await nodeFetch(`${server.url}/cache`, { method: 'DELETE', body: '{}' })).text();
    // undici's fetch marks its requests with the Fetch standard's sec-fetch-mode header; node:http does not.
    const byPath = new Map(server.seen.map((request) => [request.url, request.headers['sec-fetch-mode']]));
    expect(Object.fromEntries(byPath)).to.deep.equal({ '/plain': undefined, '/stream?alt=sse': 'cors', '/blob': 'cors', '/cache': 'cors' });
  });

  it('rejects with the abort reason when the signal fires while the body is arriving', async () => {
    const headersSent = Promise.withResolvers<void>();
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"partial":', () => headersSent.resolve());
    });
    const controller = new AbortController();
    const reason = new Error('client went away');
    const call = createNodeHttpFetch()(server.url, { method: 'POST', body: 'x', signal: controller.signal });
    await headersSent.promise;
    controller.abort(reason);
    expect(await rejectionOf(call)).to.equal(reason);
  });

  it('reads a connection dropped without an answer on a reused socket as a retryable network error', async () => {
    let requests = 0;
    server = await startServer((request, response) => {
      requests++;
      if (requests === 1) response.end('first');
      else request.socket.destroy();
    });
    const nodeFetch = createNodeHttpFetch();
    expect(await (await nodeFetch(server.url, { method: 'POST', body: 'x' })).text()).to.equal('first');

    const error = await rejectionOf(nodeFetch(server.url, { method: 'POST', body: 'x' }));

    expect(server.seen.map((request) => request.remotePort)).to.have.length(2);
    expect(new Set(server.seen.map((request) => request.remotePort)).size).to.equal(1);
    expect(error).to.be.instanceOf(TypeError);
    expect((error.cause as NodeJS.ErrnoException).code).to.equal('ECONNRESET');
    const mapped = toLlmError(error, 'm');
    expect(mapped).to.be.instanceOf(LlmUnavailableError);
    expect((mapped as LlmUnavailableError).retryable).to.equal(true);
  });
});
