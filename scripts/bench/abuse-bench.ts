/**
 * @module scripts/bench/abuse-bench
 * `npm run bench:abuse`: one hostile request of each kind in the abuse corpus, each the
 * largest body the limits accept, sent to the built predictor in its own process (the
 * Gemini emulator in another). For each: the server's CPU time, its peak RSS growth over
 * the idle (warmed-up) process and that growth as a multiple of the body, and the latency of
 * liveness/readiness probes sent every 20 ms while the request runs. Each case runs with the
 * shipped defaults and again with the PII and injection detectors off, input and output
 * (their share).
 * Targets: growth ≤ 30x the body (the memory budget's REQUEST_MEMORY_PER_BODY_BYTE), probe
 * p99 ≤ 100 ms, every answer 200 or 4xx. Prints a markdown table, which targets were missed,
 * and JSON.
 *
 * Flags: --kinds a,b (default all) · --max-body-bytes N (default MAX_BODY_BYTES's default)
 * · --detectors on|off|both (default both) · --repeat N (runs per case, default 3; the table
 * shows the highest peak and probe p99, the median CPU and wall time) · --concurrent N (also
 * N variants of each kind at once, differing in the title so that no cache is shared)
 * · --profile-dir DIR (the server writes CPU and heap profiles there) · --node-options "..."
 * (the server's NODE_OPTIONS; by default those of manifests/base, the pods' heap sizes).
 */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { loadAll } from 'js-yaml';
import { IDLE_RSS_BYTES, REQUEST_MEMORY_PER_BODY_BYTE } from '../../predictor/config/memory-budget.js';
import { ABUSE_KINDS, buildAbuseCase, DEFAULT_ABUSE_LIMITS, type AbuseCase, type AbuseKind } from '../../test/support/abuse-corpus.js';
import {
  BUILT_EMULATOR,
  BUILT_SERVER,
  GUARDRAIL_DETECTORS_OFF,
  freePort,
  INFER_PATH,
  type RunningProcess,
  spawnNode,
  waitForListening,
  waitForOk,
} from './bench-process.js';
import { cpuMsOf, memoryOf, resetPeakRss } from './proc-stats.js';
import { startProbeSampler, type ProbeSummary } from './probe-sampler.js';
import { buildSampleEpisode, inferRequestBody } from './sample-episode.js';

const BASE_MANIFEST = 'manifests/base/inferenceservice.yaml';
const REQUEST_TIMEOUT_MS = 240_000;
const SETTLE_MS = 1_000;
const MB = 1024 * 1024;
/** Probe latency the benchmark holds a hostile request to (kubelet's default probe timeout is 1 s). */
const PROBE_P99_TARGET_MS = 100;

interface Flags {
  readonly kinds: readonly AbuseKind[];
  readonly maxBodyBytes: number;
  readonly detectorModes: readonly ('on' | 'off')[];
  readonly concurrent: number;
  /** Runs per case; the table keeps the worst peak and probe latency of them. */
  readonly repeat: number;
  readonly profileDir?: string;
  /** The server's NODE_OPTIONS: the base manifest's unless the flag says otherwise ("" for none). */
  readonly nodeOptions: string;
}

interface Measurement {
  readonly kind: AbuseKind;
  readonly detectors: 'on' | 'off';
  readonly copies: number;
  readonly bodyBytes: number;
  readonly episodes: number;
  readonly statuses: readonly number[];
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly idleRssMb: number;
  readonly growthMb: number;
  /** Peak growth divided by the bytes of every body in flight. */
  readonly growthPerBodyByte: number;
  readonly probes: ProbeSummary;
}

/** NODE_OPTIONS of the predictor container in manifests/base: the heap settings the pods run with. */
function manifestNodeOptions(): string {
  type Manifest = { spec?: { predictor?: { containers?: { env?: { name: string; value?: string }[] }[] } } };
  const [service] = loadAll(readFileSync(BASE_MANIFEST, 'utf8')) as Manifest[];
  return service?.spec?.predictor?.containers?.[0]?.env?.find((variable) => variable.name === 'NODE_OPTIONS')?.value ?? '';
}

function readFlags(argv: readonly string[]): Flags {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const kinds = (value('kinds')?.split(',') ?? ABUSE_KINDS) as AbuseKind[];
  const unknown = kinds.filter((kind) => !ABUSE_KINDS.includes(kind));
  if (unknown.length > 0) throw new Error(`unknown kinds ${unknown.join(', ')}; known: ${ABUSE_KINDS.join(', ')}`);
  const detectors = value('detectors') ?? 'both';
  const profileDir = value('profile-dir');
  const nodeOptions = argv.includes('--node-options') ? (value('node-options') ?? '') : manifestNodeOptions();
  return {
    kinds,
    maxBodyBytes: Number(value('max-body-bytes') ?? DEFAULT_ABUSE_LIMITS.maxBodyBytes),
    detectorModes: detectors === 'both' ? ['on', 'off'] : [detectors as 'on' | 'off'],
    concurrent: Number(value('concurrent') ?? 0),
    repeat: Math.max(1, Number(value('repeat') ?? 3)),
    ...(profileDir ? { profileDir } : {}),
    nodeOptions,
  };
}

async function post(baseUrl: string, body: Buffer | string): Promise<number> {
  const response = await fetch(`${baseUrl}${INFER_PATH}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  await response.arrayBuffer();
  return response.status;
}

async function withProcesses<T>(env: Record<string, string>, run: (baseUrl: string, server: RunningProcess) => Promise<T>): Promise<T> {
  const emulatorPort = await freePort();
  const emulator = await spawnNode(BUILT_EMULATOR, { EMULATOR_PORT: String(emulatorPort), EMULATOR_LATENCY_MS: '0' }, emulatorPort);
  try {
    await waitForListening(emulatorPort);
    const server = await spawnNode(BUILT_SERVER, { LLM_BACKEND: 'emulator', GEMINI_BASE_URL: `http://127.0.0.1:${emulatorPort}`, ...env });
    try {
      await waitForOk(`http://127.0.0.1:${server.port}/v2/health/ready`, server.startedAtMs);
      return await run(`http://127.0.0.1:${server.port}`, server);
    } finally {
      await server.stop();
    }
  } finally {
    await emulator.stop();
  }
}

function serverEnv(flags: Flags, detectors: 'on' | 'off'): Record<string, string> {
  const nodeOptions = [
    flags.nodeOptions,
    flags.profileDir && `--cpu-prof --cpu-prof-dir=${flags.profileDir} --heap-prof --heap-prof-dir=${flags.profileDir}`,
  ].filter(Boolean);
  return {
    MAX_BODY_BYTES: String(flags.maxBodyBytes),
    ...(detectors === 'off' ? { GUARDRAILS: GUARDRAIL_DETECTORS_OFF } : {}),
    ...(nodeOptions.length > 0 ? { NODE_OPTIONS: nodeOptions.join(' ') } : {}),
  };
}

async function measure(abuse: readonly AbuseCase[], detectors: 'on' | 'off', flags: Flags): Promise<Measurement> {
  const [first] = abuse;
  if (first === undefined) throw new Error('no abuse case to send');
  const copies = abuse.length;
  return withProcesses(serverEnv(flags, detectors), async (baseUrl, server) => {
    const pid = server.child.pid ?? 0;
    // Warm up (lazy modules, JIT, first SDK call), then let the heap settle before the baseline.
    if ((await post(baseUrl, inferRequestBody([buildSampleEpisode(24)]))) !== 200) throw new Error('warm-up request failed');
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const idle = memoryOf(pid);
    resetPeakRss(pid);
    const cpuBeforeMs = cpuMsOf(pid);
    const probes = startProbeSampler({ baseUrl });
    const startedAt = performance.now();
    const statuses = await Promise.all(abuse.map((variant) => post(baseUrl, variant.body).catch(() => 0)));
    const wallMs = performance.now() - startedAt;
    const probeSummary = await probes.stop();
    const cpuMs = cpuMsOf(pid) - cpuBeforeMs;
    const growthBytes = memoryOf(pid).peakRssBytes - idle.rssBytes;
    return {
      kind: first.kind,
      detectors,
      copies,
      bodyBytes: first.body.byteLength,
      episodes: first.episodeCount,
      statuses,
      wallMs: Math.round(wallMs),
      cpuMs: Math.round(cpuMs),
      idleRssMb: Math.round((idle.rssBytes / MB) * 10) / 10,
      growthMb: Math.round((growthBytes / MB) * 10) / 10,
      growthPerBodyByte: Math.round((growthBytes / abuse.reduce((sum, variant) => sum + variant.body.byteLength, 0)) * 10) / 10,
      probes: probeSummary,
    };
  });
}

function row(result: Measurement, detectorsOff: Measurement | undefined): string {
  const { probes } = result;
  const off = detectorsOff ? `${detectorsOff.cpuMs} | ${detectorsOff.growthMb} (${detectorsOff.growthPerBodyByte}x)` : '– | –';
  const copies = result.copies > 1 ? ` ×${result.copies}` : '';
  return `| ${result.kind}${copies} | ${result.bodyBytes} | ${result.episodes} | ${result.statuses.join(',')} | ${result.wallMs} | ${result.cpuMs} | ${result.growthMb} | ${result.growthPerBodyByte}x | ${probes.p50Ms} / ${probes.p99Ms} / ${probes.maxMs} | ${off} |`;
}

/** One line for several runs of a case: the highest peak and probe latency, the median CPU and wall time. */
function worstOf(runs: readonly Measurement[]): Measurement {
  const [first] = runs;
  if (first === undefined) throw new Error('no runs');
  const middle = (values: readonly number[]) =>
    [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)] ?? Number.NaN;
  const highest = (key: (run: Measurement) => number) => runs.reduce((best, run) => (key(run) > key(best) ? run : best), first);
  const peak = highest((run) => run.growthMb);
  return {
    ...peak,
    statuses: [...new Set(runs.flatMap((run) => run.statuses))],
    wallMs: middle(runs.map((run) => run.wallMs)),
    cpuMs: middle(runs.map((run) => run.cpuMs)),
    idleRssMb: Math.max(...runs.map((run) => run.idleRssMb)),
    probes: highest((run) => run.probes.p99Ms).probes,
  };
}

/** Which measurements (shipped defaults, detectors on) miss the targets the memory budget relies on. */
function verdicts(results: readonly Measurement[]): string[] {
  const shipped = results.filter((result) => result.detectors === 'on');
  const describe = (misses: readonly Measurement[]) =>
    misses.length === 0
      ? `all ${shipped.length} met`
      : `missed by ${misses.map((result) => `${result.kind}${result.copies > 1 ? ` ×${result.copies}` : ''}`).join(', ')}`;
  const idleMib = Math.max(0, ...results.map((result) => result.idleRssMb));
  return [
    `- growth ≤ ${REQUEST_MEMORY_PER_BODY_BYTE}x body (REQUEST_MEMORY_PER_BODY_BYTE): ${describe(shipped.filter((result) => result.growthPerBodyByte > REQUEST_MEMORY_PER_BODY_BYTE))}`,
    `- probe p99 ≤ ${PROBE_P99_TARGET_MS} ms: ${describe(shipped.filter((result) => result.probes.p99Ms > PROBE_P99_TARGET_MS))}`,
    `- every status 200 or 4xx: ${describe(shipped.filter((result) => result.statuses.some((status) => status < 200 || status >= 500 || (status > 200 && status < 400))))}`,
    `- idle RSS after warm-up ≤ ${IDLE_RSS_BYTES / MB} MiB (IDLE_RSS_BYTES): highest ${idleMib} MiB`,
  ];
}

async function main(): Promise<void> {
  const flags = readFlags(process.argv.slice(2));
  const limits = { ...DEFAULT_ABUSE_LIMITS, maxBodyBytes: flags.maxBodyBytes };
  const results: Measurement[] = [];
  const lines: string[] = [];
  const runs = [1, ...(flags.concurrent > 1 ? [flags.concurrent] : [])];
  for (const copies of runs) {
    for (const kind of flags.kinds) {
      // Distinct variants: identical copies would share the caches and cost one request.
      const abuse = Array.from({ length: copies }, (_, variant) => buildAbuseCase(kind, limits, variant));
      const measured = new Map<string, Measurement>();
      for (const detectors of flags.detectorModes) {
        const runs: Measurement[] = [];
        for (let run = 0; run < flags.repeat; run++) runs.push(await measure(abuse, detectors, flags));
        const result = worstOf(runs);
        measured.set(detectors, result);
        results.push(result);
        process.stderr.write(`${kind} ×${copies} detectors ${detectors}: ${JSON.stringify(result)}\n`);
      }
      const shown = measured.get('on') ?? measured.get('off');
      if (shown) lines.push(row(shown, shown.detectors === 'on' ? measured.get('off') : undefined));
    }
  }
  const header = [
    `Date: ${new Date().toISOString()} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB`,
    `MAX_BODY_BYTES=${flags.maxBodyBytes}; NODE_OPTIONS="${flags.nodeOptions}"; emulator latency 0 ms; growth = peak RSS (VmHWM) during the request minus idle RSS after a warm-up request; worst of ${flags.repeat} runs (CPU and wall: median).`,
    '',
    '| kind | body bytes | episodes | status | wall ms | CPU ms | peak RSS growth MiB | growth / body | probe p50 / p99 / max ms | detectors off: CPU ms | detectors off: growth MiB (x body) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  process.stdout.write(`${[...header, ...lines, '', ...verdicts(results)].join('\n')}\n\n${JSON.stringify(results)}\n`);
}

await main();
