/**
 * @module scripts/bench/grpc-bench
 * gRPC ModelInfer beside REST infer on the same predictor process and the same episodes:
 * server CPU per request and throughput with 16 requests in flight, in alternating rounds
 * (REST, gRPC, REST, gRPC, ...) so both see the same machine state. Every request is a distinct
 * episode (no cache can answer it). The emulator runs as a separate process so the server's
 * CPU is the predictor's alone. Prints a markdown section (--write puts it in docs/benchmarks.md).
 *
 * Run: npm run build && node dist/scripts/bench/grpc-bench.js [--rounds 3] [--count 200] [--write]
 */
import { Agent, request as httpRequest } from 'node:http';
import { parseArgs } from 'node:util';
import { credentials, makeGenericClientConstructor, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadGrpcDefinitions } from '../../predictor/protocol/grpc/load-grpc-definitions.js';
import { BUILT_EMULATOR, BUILT_SERVER, freePort, INFER_PATH, median, spawnNode, waitForOk } from './bench-process.js';
import { distinctEpisodeBody, distinctEpisodeTemplate } from './distinct-episodes.js';
import { writeDocSection } from './doc-section.js';
import { cpuMsOf } from './proc-stats.js';

const IN_FLIGHT = 16;

type Send = (tag: string) => Promise<void>;

interface RoundFigures {
  readonly requestsPerSecond: number;
  readonly cpuMsPerRequest: number;
}

function restSender(port: number, template: string): Send {
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  return (tag) =>
    new Promise((resolve, reject) => {
      const body = distinctEpisodeBody(template, tag);
      const call = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: INFER_PATH,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          response.once('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`REST ${response.statusCode}`))));
        },
      );
      call.once('error', reject);
      call.end(body);
    });
}

function grpcSender(port: number, template: string): Send {
  const Client = makeGenericClientConstructor(loadGrpcDefinitions().inferenceService, 'GRPCInferenceService');
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure()) as unknown as {
    ModelInfer(request: object, metadata: Metadata, callback: (error: ServiceError | null) => void): void;
  };
  return (tag) => {
    // The same episode JSON REST sends, as the one BYTES element of the episode tensor.
    const { inputs } = JSON.parse(distinctEpisodeBody(template, tag)) as { inputs: { data: string[] }[] };
    const episode = inputs[0]?.data[0] ?? '';
    const message = {
      model_name: 'podcast-pipeline',
      inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], contents: { bytes_contents: [Buffer.from(episode)] } }],
    };
    return new Promise((resolve, reject) => client.ModelInfer(message, new Metadata(), (error) => (error ? reject(error) : resolve())));
  };
}

/** `count` requests, IN_FLIGHT at a time (closed loop); server CPU measured around the run. */
async function runRound(send: Send, count: number, serverPid: number, prefix: string): Promise<RoundFigures> {
  let next = 0;
  const cpuBefore = cpuMsOf(serverPid);
  const startedAt = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      await send(`${prefix}-${next}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - startedAt) / 1000;
  return { requestsPerSecond: count / seconds, cpuMsPerRequest: (cpuMsOf(serverPid) - cpuBefore) / count };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      count: { type: 'string', default: '200' },
      write: { type: 'boolean', default: false },
    },
  });
  const rounds = Number(values.rounds);
  const count = Number(values.count);
  const emulatorPort = await freePort();
  const emulator = await spawnNode(BUILT_EMULATOR, { EMULATOR_PORT: String(emulatorPort), EMULATOR_LATENCY_MS: '0' }, emulatorPort);
  const grpcPort = await freePort();
  const server = await spawnNode(BUILT_SERVER, {
    LLM_BACKEND: 'emulator',
    GEMINI_BASE_URL: `http://127.0.0.1:${emulatorPort}`,
    RESPONSE_CACHE_ENABLED: 'false',
    GRPC_PORT: String(grpcPort),
  });
  try {
    await waitForOk(`http://127.0.0.1:${server.port}/v2/health/ready`, performance.now());
    const template = distinctEpisodeTemplate();
    const senders = { rest: restSender(server.port, template), grpc: grpcSender(grpcPort, template) };
    const pid = server.child.pid ?? 0;
    // Warm-up: JIT, connection pools and the emulator's first answers, for both protocols.
    await runRound(senders.rest, 64, pid, 'warm-rest');
    await runRound(senders.grpc, 64, pid, 'warm-grpc');
    const figures: { rest: RoundFigures[]; grpc: RoundFigures[] } = { rest: [], grpc: [] };
    for (let round = 0; round < rounds; round += 1) {
      figures.rest.push(await runRound(senders.rest, count, pid, `rest-${round}`));
      figures.grpc.push(await runRound(senders.grpc, count, pid, `grpc-${round}`));
    }
    const summary = (list: readonly RoundFigures[]) => ({
      rps: median(list.map((entry) => entry.requestsPerSecond)),
      cpu: median(list.map((entry) => entry.cpuMsPerRequest)),
      spread: `${Math.min(...list.map((entry) => entry.requestsPerSecond)).toFixed(0)}-${Math.max(...list.map((entry) => entry.requestsPerSecond)).toFixed(0)}`,
    });
    const rest = summary(figures.rest);
    const grpc = summary(figures.grpc);
    const body = [
      `One predictor process (the built \`dist/\`, emulator backend as a separate process at 0 ms, response cache off), ${IN_FLIGHT} requests in flight (closed loop), ${count} requests per round, ${rounds} alternating rounds per protocol after a warm-up; every request a distinct episode of 24 segments. CPU is the predictor process's user+system time over the round divided by its requests. REST: \`POST ${INFER_PATH}\` (JSON, keep-alive HTTP/1.1, ${IN_FLIGHT} connections); gRPC: \`ModelInfer\` with typed BYTES contents on GRPC_PORT (one HTTP/2 connection, grpc-js).`,
      '',
      '| protocol | req/s (median, range) | server CPU ms / request (median) |',
      '| --- | --- | --- |',
      `| REST infer (floor of this comparison) | ${rest.rps.toFixed(0)} (${rest.spread}) | ${rest.cpu.toFixed(2)} |`,
      `| gRPC ModelInfer | ${grpc.rps.toFixed(0)} (${grpc.spread}) | ${grpc.cpu.toFixed(2)} |`,
      `| gRPC / REST | ${(grpc.rps / rest.rps).toFixed(2)} × | ${(grpc.cpu / rest.cpu).toFixed(2)} × |`,
      '',
      'Command: `npm run build && node dist/scripts/bench/grpc-bench.js --rounds 3 --count 200`.',
    ].join('\n');
    process.stdout.write(`${body}\n`);
    if (values.write) writeDocSection({ path: 'docs/benchmarks.md', heading: 'gRPC vs REST (`scripts/bench/grpc-bench.ts`)', body });
  } finally {
    await server.stop();
    await emulator.stop();
  }
}

await main();
