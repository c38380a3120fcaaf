/**
 * @module scripts/bench/resilience-bench
 * `npm run bench:resilience`: the built server (child process) against a Gemini emulator
 * this script controls. Phase 1: 500 pipeline requests with 30% of LLM calls failing
 * transiently (429 with RetryInfo, 503 overloaded, 500). Phase 2: a sustained outage (the
 * emulator goes away) until the breakers open, the latency of failing responses while open,
 * then recovery time once the emulator is back on the same port.
 */
import { createGeminiEmulator, type GeminiEmulator } from '../../predictor/emulator/gemini-emulator.js';
import { BUILT_SERVER, freePort, percentile, spawnNode, waitForOk } from './bench-process.js';
import { buildSampleEpisode, inferRequestBody } from './sample-episode.js';

const REQUESTS = 500;
const CONCURRENCY = 20;
const HALF_OPEN_AFTER_MS = 2000;

interface Outcome {
  readonly status: number;
  readonly isJson: boolean;
  readonly isPartial: boolean;
  readonly latencyMs: number;
}

async function send(url: string, body: string): Promise<Outcome> {
  const startedAt = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await response.text();
  let parsed: { parameters?: { partial?: boolean } } | undefined;
  try {
    parsed = JSON.parse(text) as { parameters?: { partial?: boolean } };
  } catch {
    parsed = undefined;
  }
  return {
    status: response.status,
    isJson: parsed !== undefined,
    isPartial: parsed?.parameters?.partial === true,
    latencyMs: performance.now() - startedAt,
  };
}

async function startEmulator(port: number, faultRate: number): Promise<GeminiEmulator> {
  const emulator = createGeminiEmulator({ faultRate });
  await emulator.start({ port });
  return emulator;
}

async function runPool(count: number, task: (index: number) => Promise<Outcome>): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) outcomes.push(await task(next++));
    }),
  );
  return outcomes;
}

async function main(): Promise<void> {
  const emulatorPort = await freePort();
  let emulator = await startEmulator(emulatorPort, 0.3);
  const server = await spawnNode(BUILT_SERVER, {
    LLM_BACKEND: 'emulator',
    GEMINI_BASE_URL: `http://127.0.0.1:${emulatorPort}`,
    RESPONSE_CACHE_ENABLED: 'false',
    LLM_RETRY_BASE_DELAY_MS: '50',
    LLM_RETRY_MAX_DELAY_MS: '400',
    LLM_BREAKER_HALF_OPEN_AFTER_MS: String(HALF_OPEN_AFTER_MS),
  });
  const url = `http://127.0.0.1:${server.port}/v2/models/podcast-pipeline/infer`;
  try {
    await waitForOk(`http://127.0.0.1:${server.port}/v2/health/ready`, server.startedAtMs);
    // Distinct episodes, so the emulator cannot answer from its memo and every call is fresh.
    const phase1 = await runPool(REQUESTS, (index) => send(url, inferRequestBody([buildSampleEpisode(12, `resilience-${index}`)])));
    const ok = phase1.filter((outcome) => outcome.status === 200);
    const failures = phase1.filter((outcome) => outcome.status !== 200);
    const emulatorStats = emulator.stats();

    await emulator.stop();
    const outage: Outcome[] = [];
    for (let index = 0; index < 60; index++) outage.push(await send(url, inferRequestBody([buildSampleEpisode(6, `outage-${index}`)])));
    const whileOpen = outage.slice(30);

    emulator = await startEmulator(emulatorPort, 0);
    const healedAt = performance.now();
    let recoveredAfterMs = Number.NaN;
    for (let attempt = 0; attempt < 200; attempt++) {
      const outcome = await send(url, inferRequestBody([buildSampleEpisode(6, `recovery-${attempt}`)]));
      if (outcome.status === 200 && !outcome.isPartial) {
        recoveredAfterMs = performance.now() - healedAt;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const lines = [
      `Phase 1: ${REQUESTS} requests, ${CONCURRENCY} concurrent, emulator fault rate 30% (${emulatorStats.faults} of ${emulatorStats.generations} LLM calls failed)`,
      `- 200: ${ok.length} (${((100 * ok.length) / REQUESTS).toFixed(1)}%), of which partial: ${ok.filter((outcome) => outcome.isPartial).length}`,
      `- non-200: ${failures.length}, all JSON: ${failures.every((outcome) => outcome.isJson)}, statuses: ${JSON.stringify(countBy(failures.map((outcome) => outcome.status)))}`,
      `- latency p50 ${percentile(
        phase1.map((outcome) => outcome.latencyMs),
        0.5,
      ).toFixed(0)} ms, p99 ${percentile(
        phase1.map((outcome) => outcome.latencyMs),
        0.99,
      ).toFixed(0)} ms`,
      `Phase 2: outage (emulator stopped), 60 sequential requests`,
      `- statuses: ${JSON.stringify(countBy(outage.map((outcome) => outcome.status)))}; last 30 (breakers open): p50 ${percentile(
        whileOpen.map((outcome) => outcome.latencyMs),
        0.5,
      ).toFixed(1)} ms, p99 ${percentile(
        whileOpen.map((outcome) => outcome.latencyMs),
        0.99,
      ).toFixed(1)} ms`,
      `- recovery: first full 200 ${recoveredAfterMs.toFixed(0)} ms after the emulator came back (half-open interval ${HALF_OPEN_AFTER_MS} ms)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await server.stop();
    await emulator.stop();
  }
}

function countBy(values: readonly number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

await main();
