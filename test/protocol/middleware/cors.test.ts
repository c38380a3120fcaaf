import { expect } from 'chai';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { createCors } from '../../../predictor/protocol/middleware/cors.js';

async function serve(allowedOrigins: string[]): Promise<{ url: string; server: Server }> {
  const app = express();
  app.use(createCors({ allowedOrigins }));
  app.get('/v2', (_request, response) => {
    response.json({ name: 'x' });
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('createCors', () => {
  let server: Server | undefined;
  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  after(() => nock.enableNetConnect());
  afterEach(async () => {
    nock.cleanAll();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('adds no CORS headers when no origin is configured', async () => {
    const started = await serve([]);
    server = started.server;
    const response = await fetch(`${started.url}/v2`, { headers: { origin: 'https://app.example.com' } });
    expect(response.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('allows a listed origin and exposes the request id and rate-limit headers', async () => {
    const started = await serve(['https://app.example.com']);
    server = started.server;
    const response = await fetch(`${started.url}/v2`, { headers: { origin: 'https://app.example.com' } });
    expect(response.headers.get('access-control-allow-origin')).to.equal('https://app.example.com');
    expect(response.headers.get('access-control-expose-headers')).to.include('retry-after');
    expect(response.headers.get('vary')).to.include('Origin');
  });

  it('gives an unlisted origin no CORS headers', async () => {
    const started = await serve(['https://app.example.com']);
    server = started.server;
    const response = await fetch(`${started.url}/v2`, { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('answers a preflight with 204 and the allowed methods and headers', async () => {
    const started = await serve(['*']);
    server = started.server;
    const response = await fetch(`${started.url}/v2/models/m/infer`, {
      method: 'OPTIONS',
      headers: { origin: 'https://any.example', 'access-control-request-method': 'POST' },
    });
    expect(response.status).to.equal(204);
    expect(response.headers.get('access-control-allow-origin')).to.equal('*');
    expect(response.headers.get('access-control-allow-headers')).to.include('x-api-key');
  });
});
