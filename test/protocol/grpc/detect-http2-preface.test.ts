import { expect } from 'chai';
import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { detectHttp2Preface, HTTP2_PREFACE, type ConnectionKind } from '../../../predictor/protocol/grpc/detect-http2-preface.js';

/** Feeds `chunks` one by one to the detector; resolves with what it reported, or 'none' when the socket ended first. */
async function detect(chunks: readonly Buffer[]): Promise<{ kind: ConnectionKind | 'none'; firstBytes?: string; destroyed?: boolean }> {
  const socket = new PassThrough();
  const reported = new Promise<{ kind: ConnectionKind; firstBytes: Buffer }>((resolve) =>
    detectHttp2Preface(socket as unknown as Socket, (kind, firstBytes) => resolve({ kind, firstBytes })),
  );
  for (const chunk of chunks) socket.write(chunk);
  socket.end();
  const ended = new Promise<'none'>((resolve) => socket.once('close', () => resolve('none')));
  const outcome = await Promise.race([reported, ended]);
  if (outcome === 'none') return { kind: 'none', destroyed: socket.destroyed };
  return { kind: outcome.kind, firstBytes: outcome.firstBytes.toString('latin1') };
}

describe('detectHttp2Preface', () => {
  it('reports h2c once the whole preface arrived, even split across reads, with every byte read so far', async () => {
    const preface = HTTP2_PREFACE.toString('latin1');
    const result = await detect([Buffer.from('PR'), Buffer.from('I * HTTP/2.0\r\n'), Buffer.from('\r\nSM\r\n\r\n\u0000\u0000')]);
    expect(result).to.deep.equal({ kind: 'h2c', firstBytes: `${preface}\u0000\u0000` });
  });

  it('reports HTTP/1.1 as soon as the bytes leave the preface, a POST or PUT (also starting with "P") included', async () => {
    expect(await detect([Buffer.from('P'), Buffer.from('OST /v2 HTTP/1.1\r\n')])).to.deep.equal({
      kind: 'http1',
      firstBytes: 'POST /v2 HTTP/1.1\r\n',
    });
    expect((await detect([Buffer.from('PUT / HTTP/1.1\r\n')])).kind).to.equal('http1');
    expect((await detect([Buffer.from('GET / HTTP/1.1\r\n')])).kind).to.equal('http1');
  });

  it('reports nothing and destroys a connection that ends inside the preface', async () => {
    expect(await detect([Buffer.from('PRI * HTTP/2.0')])).to.deep.equal({ kind: 'none', destroyed: true });
  });
});
