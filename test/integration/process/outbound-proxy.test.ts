import { expect } from 'chai';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGeminiEmulator, type GeminiEmulator } from '../../../predictor/emulator/gemini-emulator.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

/** A forward proxy on loopback: it sends every request to `target`, whatever host it names, and records what it was asked for. */
async function startForwardProxy(target: string) {
  const asked: string[] = [];
  const proxy = http.createServer((request, response) => {
    asked.push(`${request.method ?? ''} ${request.url ?? ''}`);
    const path = new URL(request.url ?? '/', 'http://unused').pathname + new URL(request.url ?? '/', 'http://unused').search;
    const upstream = http.request(
      new URL(path, target),
      { method: request.method, headers: { ...request.headers, host: new URL(target).host } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  return {
    asked,
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: async () => {
      proxy.closeAllConnections();
      proxy.close();
      await once(proxy, 'close');
    },
  };
}

function episodeRequest(): string {
  const episode = {
    title: 'Proxied',
    transcript: [{ timestamp: '00:00:01', speaker: 'Ann', text: 'In 2024 we cut costs by 40 percent.' }],
  };
  return JSON.stringify({ inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [JSON.stringify(episode)] }] });
}

describe("Gemini calls behind Node's proxy support (whole app, real process)", function () {
  this.timeout(60000);
  let emulator: GeminiEmulator;
  let proxy: Awaited<ReturnType<typeof startForwardProxy>>;
  let server: SpawnedServer | undefined;

  beforeEach(async () => {
    emulator = createGeminiEmulator({});
    proxy = await startForwardProxy((await emulator.start()).baseUrl);
  });
  afterEach(async () => {
    await server?.stop('SIGKILL');
    await proxy.close();
    await emulator.stop();
  });

  it('sends every model call through HTTP_PROXY when NODE_USE_ENV_PROXY=1 (the default node-http transport)', async () => {
    // Nothing listens on port 9 (discard): only the proxy can answer for it, and a call that
    // went direct would be refused on loopback.
    server = await spawnServer({
      LLM_BACKEND: 'emulator',
      GEMINI_BASE_URL: 'http://localhost:9',
      NODE_USE_ENV_PROXY: '1',
      HTTP_PROXY: proxy.url,
      LLM_MAX_ATTEMPTS: '1',
    });

    const response = await fetch(`${server.baseUrl}/v2/models/podcast-pipeline/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: episodeRequest(),
    });

    expect(response.status, await response.clone().text()).to.equal(200);
    const body = (await response.json()) as { parameters?: { partial?: boolean } };
    expect(body.parameters?.partial).to.equal(false);
    const generateCalls = proxy.asked.filter((line) => /^POST http:\/\/localhost:9\/.*:generateContent$/.test(line));
    expect(generateCalls).to.have.length(3);
  });
});
