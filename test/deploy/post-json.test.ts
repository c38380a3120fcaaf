import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { postJson } from '../../scripts/deploy/post-json.js';

interface Received {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

describe('postJson', () => {
  let server: Server;
  let received: Received[];
  let origin: string;

  beforeEach(async () => {
    received = [];
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString() });
        response.writeHead(request.url?.includes('broken') ? 503 : 200, { 'content-type': 'text/plain' });
        response.end(request.url?.includes('broken') ? 'upstream connect error' : '{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('dials the ingress address while sending the service host name as Host', async () => {
    const result = await postJson({
      url: 'http://podcast-pipeline.ns.example.com/v2/models/podcast-pipeline/infer',
      connectTo: origin,
      headers: { authorization: 'Bearer k' },
      body: { inputs: [] },
      timeoutMs: 5000,
    });

    expect(result).to.deep.equal({ status: 200, body: { ok: true } });
    expect(received).to.have.length(1);
    expect(received[0]?.method).to.equal('POST');
    expect(received[0]?.url).to.equal('/v2/models/podcast-pipeline/infer');
    expect(received[0]?.headers.host).to.equal('podcast-pipeline.ns.example.com');
    expect(received[0]?.headers.authorization).to.equal('Bearer k');
    expect(received[0]?.headers['content-type']).to.equal('application/json');
    expect(JSON.parse(received[0]?.body ?? '')).to.deep.equal({ inputs: [] });
  });

  it('returns a non-JSON error body as text', async () => {
    const result = await postJson({ url: `${origin}/broken`, body: {}, timeoutMs: 5000 });

    expect(result).to.deep.equal({ status: 503, body: 'upstream connect error' });
  });
});
