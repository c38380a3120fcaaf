/**
 * @module scripts/bench/core-bench
 * `node dist/scripts/bench/core-bench.js` (was `npm run bench` before the product-vs-floor
 * benchmark replaced it): the predictor core's benchmark. Every scenario runs against the built
 * server in a child process, loaded by autocannon from this process, with a bare Express
 * JSON echo measured in the same run as the reference. Prints a markdown table and JSON.
 */
import autocannon from 'autocannon';
import { cpus, totalmem } from 'node:os';
import {
  BUILT_EMULATOR,
  BUILT_SERVER,
  freePort,
  INFER_PATH,
  median,
  rssMb,
  type RunningProcess,
  spawnNode,
  waitForListening,
  waitForOk,
} from './bench-process.js';
import { buildSampleEpisode, inferRequestBody } from './sample-episode.js';

/** What the container image runs (scripts/bundle.mjs). */
const BUNDLE = 'dist/bundle/main.mjs';
const ECHO = 'dist/scripts/bench/echo-server.js';
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);

interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

async function load(url: string, body: string, connections: number, durationSeconds = DURATION_SECONDS): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: durationSeconds,
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function startEmulator(latencyMs: number): Promise<RunningProcess> {
  const port = await freePort();
  const emulator = await spawnNode(BUILT_EMULATOR, { EMULATOR_PORT: String(port), EMULATOR_LATENCY_MS: String(latencyMs) }, port);
  await waitForListening(port);
  return emulator;
}

async function startServer(env: Record<string, string>): Promise<RunningProcess> {
  const server = await spawnNode(BUILT_SERVER, { LLM_BACKEND: 'emulator', ...env });
  await waitForOk(`http://127.0.0.1:${server.port}/v2/health/ready`, server.startedAtMs);
  return server;
}

async function withServer<T>(env: Record<string, string>, run: (baseUrl: string, server: RunningProcess) => Promise<T>): Promise<T> {
  const server = await startServer(env);
  try {
    return await run(`http://127.0.0.1:${server.port}`, server);
  } finally {
    await server.stop();
  }
}

async function benchEcho(body: string): Promise<LoadResult> {
  const echo = await spawnNode(ECHO, {});
  try {
    await waitForListening(echo.port);
    return await load(`http://127.0.0.1:${echo.port}/echo`, body, 50);
  } finally {
    await echo.stop();
  }
}

async function benchInfer(
  body: string,
  latencyMs: number,
  connections: number,
  extraEnv: Record<string, string> = {},
): Promise<LoadResult> {
  const emulator = await startEmulator(latencyMs);
  try {
    const env = { GEMINI_BASE_URL: `http://127.0.0.1:${emulator.port}`, RESPONSE_CACHE_ENABLED: 'false', ...extraEnv };
    return await withServer(env, (baseUrl) => load(`${baseUrl}${INFER_PATH}`, body, connections));
  } finally {
    await emulator.stop();
  }
}

async function benchSingleEpisodeWallMs(body: string, latencyMs: number): Promise<number> {
  return withServer({ EMULATOR_LATENCY_MS: String(latencyMs), RESPONSE_CACHE_ENABLED: 'false' }, async (baseUrl) => {
    const walls: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const startedAt = performance.now();
      const response = await fetch(`${baseUrl}${INFER_PATH}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`infer answered ${response.status}`);
      walls.push(performance.now() - startedAt);
    }
    return median(walls);
  });
}

async function benchColdStart(entry: string, runs = 10): Promise<{ medianMs: number; idleRssMb: number }> {
  const startups: number[] = [];
  let idleRssMb = Number.NaN;
  for (let run = 0; run < runs; run++) {
    const server = await spawnNode(entry, { LLM_BACKEND: 'emulator' });
    startups.push(await waitForOk(`http://127.0.0.1:${server.port}/v2/health/ready`, server.startedAtMs));
    if (run === runs - 1) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      idleRssMb = rssMb(server.child.pid ?? 0);
    }
    await server.stop();
  }
  return { medianMs: median(startups), idleRssMb };
}

async function benchCacheHits(body: string): Promise<LoadResult> {
  return withServer({ RESPONSE_CACHE_ENABLED: 'true' }, async (baseUrl) => {
    const warm = await fetch(`${baseUrl}${INFER_PATH}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    await warm.arrayBuffer();
    return load(`${baseUrl}${INFER_PATH}`, body, 50);
  });
}

function row(name: string, result: LoadResult): string {
  return `| ${name} | ${result.requestsPerSecond} | ${result.p50Ms} | ${result.p99Ms} | ${result.non2xx} | ${result.errors} |`;
}

async function main(): Promise<void> {
  const body = inferRequestBody([buildSampleEpisode(24)]);
  const echo = await benchEcho(body);
  const infer0 = await benchInfer(body, 0, 50);
  const infer200 = await benchInfer(body, 200, 200);
  const cacheHits = await benchCacheHits(body);
  const singleWallMs = await benchSingleEpisodeWallMs(body, 500);
  const coldStart = await benchColdStart(BUILT_SERVER);
  const bundleColdStart = await benchColdStart(BUNDLE);
  const results = { echo, infer0, infer200, cacheHits, singleWallMs, coldStart, bundleColdStart };
  const lines = [
    `Date: ${new Date().toISOString()} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB`,
    `Payload: one episode, 24 segments (${body.length} bytes); ${DURATION_SECONDS} s per load run.`,
    '',
    '| scenario | req/s | p50 ms | p99 ms | non-2xx | errors |',
    '| --- | --- | --- | --- | --- | --- |',
    row('bare Express JSON echo, 50 conns (reference)', echo),
    row('infer, emulator 0 ms, 50 conns', infer0),
    row('infer, emulator 200 ms, 200 conns', infer200),
    row('infer, response-cache hits, 50 conns', cacheHits),
    '',
    `- infer/echo throughput ratio: ${(infer0.requestsPerSecond / echo.requestsPerSecond).toFixed(2)}x; added p99: ${infer0.p99Ms - echo.p99Ms} ms`,
    `- 200 ms emulator, 200 conns: ${(infer200.requestsPerSecond / 1000).toFixed(2)}x of the ideal 1,000 req/s`,
    `- one episode at EMULATOR_LATENCY_MS=500: median wall ${singleWallMs.toFixed(0)} ms (${(singleWallMs / 500).toFixed(2)}x of 500 ms)`,
    `- cold start (spawn → first 200 on /v2/health/ready), median of 10: ${coldStart.medianMs.toFixed(0)} ms (dist/ module tree), ${bundleColdStart.medianMs.toFixed(0)} ms (the image's bundle)`,
    `- idle RSS (2 s after ready, in-process emulator): ${coldStart.idleRssMb.toFixed(1)} MB (module tree), ${bundleColdStart.idleRssMb.toFixed(1)} MB (bundle)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n\n${JSON.stringify(results)}\n`);
}

await main();
