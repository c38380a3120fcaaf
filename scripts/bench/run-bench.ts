/**
 * @module scripts/bench/run-bench
 * `npm run bench`: the predictor against its floor, side by side in one run. The floor
 * (floor-server.ts) is the same pipeline as a developer writes it in ~60 lines with the same
 * SDK and nothing else. Both are built servers in child processes, one at a time, talking to
 * the same Gemini emulator process (one per emulator latency); the product runs with its
 * shipped defaults. Every request is a distinct episode, so no cache answers.
 *
 * Phases: `latency0` (idle RSS; CPU time of the server process per inference over a bounded
 * run at 16 in flight after a warm-up; 500 in flight), `latency2000` (16 and 500 in flight at
 * 2 s per model call; peak RSS at 500 in flight), `spawn` (spawn → first 200 of an infer,
 * readiness polled, alternating servers, median). Prints a markdown table and JSON, and on a
 * full run writes the "Product vs floor" section of docs/benchmarks.md.
 *
 * Flags: --quick (smaller counts, about a minute; never written to the docs) · --phases
 * latency0,latency2000,spawn (default all; a subset is not written to the docs; `none` with --profile runs only the profiles) · --profile DIR
 * (also profiles the product and the floor with --cpu-prof and prints their self time per request by bucket)
 * · --no-doc.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import {
  BUILT_EMULATOR,
  GUARDRAIL_DETECTORS_OFF,
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
import { bucketsOf, perRequestBuckets } from './cpu-profile-buckets.js';
import { distinctEpisodeBody, distinctEpisodeTemplate } from './distinct-episodes.js';
import { writeDocSection } from './doc-section.js';
import { runLoad } from './load-run.js';
import { emptyFigures, loadKey, renderFiguresTable, renderTargetsTable, type ServerFigures } from './product-vs-floor-report.js';
import { cpuMsOf } from './proc-stats.js';
import { startRssSampler } from './rss-sampler.js';

const DOC = 'docs/benchmarks.md';
const DOC_HEADING = 'Product vs floor';
const IDLE_SETTLE_MS = 1500;
/** Long enough for V8's memory reducer to run after start-up (it waits for a quiet spell). */
const SETTLED_IDLE_MS = 10_000;
const SPAWN_TIMEOUT_MS = 30_000;
const PHASES = ['latency0', 'latency2000', 'spawn'] as const;
type Phase = (typeof PHASES)[number];
type ServerKind = 'product' | 'floor';

const SERVERS: Readonly<
  Record<ServerKind, { readonly entry: string; readonly env: (emulatorUrl: string) => Record<string, string | undefined> }>
> = {
  // Shipped defaults: LOG_LEVEL unset (info), every feature on; the emulator is external.
  product: {
    entry: 'dist/bundle/main.mjs',
    env: (emulatorUrl) => ({ LLM_BACKEND: 'emulator', GEMINI_BASE_URL: emulatorUrl, LOG_LEVEL: undefined }),
  },
  floor: { entry: 'dist/scripts/bench/floor-server.js', env: (emulatorUrl) => ({ GEMINI_BASE_URL: emulatorUrl }) },
};

interface Counts {
  readonly warmUp: number;
  readonly cpuRequests: number;
  readonly at0With500: number;
  readonly warmUpAt2s: number;
  readonly at2sWith16: number;
  readonly at2sWith500: number;
  readonly spawnRuns: number;
  readonly profileRequests: number;
}

const FULL: Counts = {
  warmUp: 200,
  cpuRequests: 1000,
  at0With500: 2000,
  warmUpAt2s: 500,
  at2sWith16: 96,
  at2sWith500: 2000,
  spawnRuns: 7,
  profileRequests: 1000,
};
const QUICK: Counts = {
  warmUp: 50,
  cpuRequests: 200,
  at0With500: 500,
  warmUpAt2s: 500,
  at2sWith16: 32,
  at2sWith500: 500,
  spawnRuns: 3,
  profileRequests: 200,
};

interface Flags {
  readonly isQuick: boolean;
  readonly phases: readonly Phase[];
  readonly profileDir?: string;
  readonly writesDoc: boolean;
}

function readFlags(argv: readonly string[]): Flags {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const listed = value('phases');
  // `--phases none` with `--profile DIR` runs only the profiles.
  const phases = (listed === 'none' ? [] : (listed?.split(',') ?? [...PHASES])) as Phase[];
  const unknown = phases.filter((phase) => !PHASES.includes(phase));
  if (unknown.length > 0) throw new Error(`unknown phases ${unknown.join(', ')}; known: ${PHASES.join(', ')}`);
  const isQuick = argv.includes('--quick');
  const profileDir = value('profile');
  const isFullRun = !isQuick && PHASES.every((phase) => phases.includes(phase));
  return {
    isQuick,
    phases,
    ...(profileDir ? { profileDir: resolve(profileDir) } : {}),
    writesDoc: isFullRun && !argv.includes('--no-doc'),
  };
}

const pause = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function withEmulator<T>(latencyMs: number, run: (emulatorUrl: string) => Promise<T>): Promise<T> {
  const port = await freePort();
  const emulator = await spawnNode(BUILT_EMULATOR, { EMULATOR_PORT: String(port), EMULATOR_LATENCY_MS: String(latencyMs) }, port);
  try {
    await waitForListening(port);
    return await run(`http://127.0.0.1:${port}`);
  } finally {
    await emulator.stop();
  }
}

/** Spawns a server and waits for readiness; returns it with the spawn → ready time. */
async function startServer(
  kind: ServerKind,
  emulatorUrl: string,
  extraEnv: Record<string, string> = {},
  entry = SERVERS[kind].entry,
): Promise<RunningProcess> {
  const server = await spawnNode(entry, { ...SERVERS[kind].env(emulatorUrl), ...extraEnv });
  try {
    await waitForOk(`http://127.0.0.1:${server.port}/v2/health/ready`, server.startedAtMs, SPAWN_TIMEOUT_MS);
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function withServer<T>(
  kind: ServerKind,
  emulatorUrl: string,
  run: (server: RunningProcess, inferUrl: string) => Promise<T>,
  extraEnv: Record<string, string> = {},
  entry = SERVERS[kind].entry,
): Promise<T> {
  const server = await startServer(kind, emulatorUrl, extraEnv, entry);
  try {
    return await run(server, `http://127.0.0.1:${server.port}${INFER_PATH}`);
  } finally {
    await server.stop();
  }
}

function pidOf(server: RunningProcess): number {
  if (server.child.pid === undefined) throw new Error('server has no pid');
  return server.child.pid;
}

async function idleRss(server: RunningProcess): Promise<number> {
  await pause(IDLE_SETTLE_MS);
  return rssMb(pidOf(server));
}

async function measureAtLatency0(
  kind: ServerKind,
  emulatorUrl: string,
  template: string,
  counts: Counts,
  figures: ServerFigures,
): Promise<void> {
  await withServer(kind, emulatorUrl, async (server, url) => {
    figures.idleRssMb ??= await idleRss(server);
    await pause(SETTLED_IDLE_MS - IDLE_SETTLE_MS);
    figures.settledIdleRssMb ??= rssMb(pidOf(server));
    process.stderr.write(`  ${kind}: warm-up, CPU run, 500 in flight (emulator 0 ms)\n`);
    await runLoad({ url, bodyTemplate: template, inFlight: 16, count: counts.warmUp });
    const cpuBeforeMs = cpuMsOf(pidOf(server));
    const at16 = await runLoad({ url, bodyTemplate: template, inFlight: 16, count: counts.cpuRequests });
    figures.cpuMsPerInference = (cpuMsOf(pidOf(server)) - cpuBeforeMs) / at16.completed;
    figures.loads.set(loadKey(16, 0), at16);
    figures.loads.set(loadKey(500, 0), await runLoad({ url, bodyTemplate: template, inFlight: 500, count: counts.at0With500 }));
  });
  if (kind !== 'product') return;
  // What stands between the product and the floor: the same CPU run without the detectors.
  await withServer(
    kind,
    emulatorUrl,
    async (server, url) => {
      process.stderr.write('  product, detectors off: warm-up, CPU run\n');
      await runLoad({ url, bodyTemplate: template, inFlight: 16, count: counts.warmUp });
      const cpuBeforeMs = cpuMsOf(pidOf(server));
      const at16 = await runLoad({ url, bodyTemplate: template, inFlight: 16, count: counts.cpuRequests });
      figures.cpuMsDetectorsOff = (cpuMsOf(pidOf(server)) - cpuBeforeMs) / at16.completed;
    },
    { GUARDRAILS: GUARDRAIL_DETECTORS_OFF },
  );
}

async function measureAtLatency2000(
  kind: ServerKind,
  emulatorUrl: string,
  template: string,
  counts: Counts,
  figures: ServerFigures,
): Promise<void> {
  await withServer(kind, emulatorUrl, async (server, url) => {
    const idleMb = await idleRss(server);
    figures.idleRssMb ??= idleMb;
    process.stderr.write(`  ${kind}: warm-up, 16 and 500 in flight (emulator 2,000 ms)\n`);
    await runLoad({ url, bodyTemplate: template, inFlight: 500, count: counts.warmUpAt2s });
    figures.loads.set(loadKey(16, 2000), await runLoad({ url, bodyTemplate: template, inFlight: 16, count: counts.at2sWith16 }));
    const sampler = startRssSampler({ pid: pidOf(server) });
    const cpuBeforeMs = cpuMsOf(pidOf(server));
    const at500 = await runLoad({ url, bodyTemplate: template, inFlight: 500, count: counts.at2sWith500 });
    figures.cpuMsAt500 = (cpuMsOf(pidOf(server)) - cpuBeforeMs) / at500.completed;
    figures.loads.set(loadKey(500, 2000), at500);
    figures.peakRssAt500Mb = sampler.stop();
    figures.memoryPerInFlightKb = ((figures.peakRssAt500Mb - idleMb) * 1024) / 500;
  });
}

/** Spawn → first 200 of an infer request (readiness polled first), in ms. */
async function spawnToFirstInference(kind: ServerKind, emulatorUrl: string, body: string): Promise<number> {
  const server = await startServer(kind, emulatorUrl);
  try {
    const giveUpAt = performance.now() + SPAWN_TIMEOUT_MS;
    let lastAnswer = '';
    while (performance.now() < giveUpAt) {
      const response = await fetch(`http://127.0.0.1:${server.port}${INFER_PATH}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      const text = await response.text();
      if (response.ok) return performance.now() - server.startedAtMs;
      lastAnswer = `${response.status} ${text.slice(0, 300)}`;
      await pause(2);
    }
    throw new Error(`${kind} answered no infer with 200 within ${SPAWN_TIMEOUT_MS} ms; last answer: ${lastAnswer}`);
  } finally {
    await server.stop();
  }
}

async function measureSpawn(
  emulatorUrl: string,
  template: string,
  runs: number,
  figures: Record<ServerKind, ServerFigures>,
): Promise<void> {
  const times: Record<ServerKind, number[]> = { product: [], floor: [] };
  for (let run = 0; run < runs; run++) {
    // Alternate who goes first, so drift on the shared machine falls on both.
    const order: ServerKind[] = run % 2 === 0 ? ['product', 'floor'] : ['floor', 'product'];
    for (const kind of order) {
      times[kind].push(await spawnToFirstInference(kind, emulatorUrl, distinctEpisodeBody(template, `spawn-${kind}-${run}-${Date.now()}`)));
    }
  }
  figures.product.spawnToFirstInferenceMs = median(times.product);
  figures.floor.spawnToFirstInferenceMs = median(times.floor);
}

/** Self ms per request by bucket, for the product and for the floor. */
type Profiles = Record<ServerKind, [string, number][]>;

/** Profiles one server over `requests` requests and over start-up alone; self ms per request by bucket. */
async function profileServer(
  kind: ServerKind,
  emulatorUrl: string,
  template: string,
  requests: number,
  profileDir: string,
): Promise<[string, number][]> {
  const profileOf = async (name: string, run: (url: string) => Promise<void>): Promise<Map<string, number>> => {
    const directory = join(profileDir, kind, name);
    mkdirSync(directory, { recursive: true });
    const before = new Set(readdirSync(directory));
    // The product's module tree, not the bundle: a profile's script URLs then name our folders and packages.
    await withServer(
      kind,
      emulatorUrl,
      (_server, url) => run(url),
      { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${directory}` },
      kind === 'product' ? BUILT_SERVER : SERVERS[kind].entry,
    );
    const written = readdirSync(directory).find((file) => file.endsWith('.cpuprofile') && !before.has(file));
    if (written === undefined) throw new Error(`no CPU profile written to ${directory}`);
    return bucketsOf(join(directory, written));
  };
  const startUp = await profileOf('start-up', () => pause(IDLE_SETTLE_MS));
  const loaded = await profileOf('requests', async (url) => {
    await pause(IDLE_SETTLE_MS);
    await runLoad({ url, bodyTemplate: template, inFlight: 16, count: requests });
  });
  return perRequestBuckets(loaded, startUp, requests);
}

function renderProfile(profiles: Profiles, requests: number): string {
  const totalOf = (buckets: readonly [string, number][]): number => buckets.reduce((sum, [, ms]) => sum + ms, 0);
  const floorMs = new Map(profiles.floor);
  const rows = profiles.product
    .slice(0, 16)
    .map(([bucket, ms]) => `| ${bucket} | ${ms.toFixed(3)} | ${(floorMs.get(bucket) ?? 0).toFixed(3)} |`);
  return [
    `Self time per request by bucket (--cpu-prof, ${requests} requests at 16 in flight, start-up subtracted; ` +
      `total ${totalOf(profiles.product).toFixed(2)} ms for the product, ${totalOf(profiles.floor).toFixed(2)} ms for the floor):`,
    '',
    '| bucket | product ms per request | floor ms per request |',
    '| --- | ---: | ---: |',
    ...rows,
  ].join('\n');
}

function machineNote(): string {
  const cpu = cpus();
  return `${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB`;
}

interface DocParts {
  readonly command: string;
  readonly table: string;
  readonly targets: string;
  /** The rendered profile, when --profile ran. */
  readonly profileText: string;
  readonly counts: Counts;
  readonly bodyBytes: number;
}

function docBody({ command, table, targets, profileText, counts, bodyBytes }: DocParts): string {
  return [
    `\`${command}\` (builds \`dist/\` when stale), ${machineNote()}.`,
    '',
    `Machine note: ${cpus().length} cores shared by the load generator (autocannon, in the bench process), the server under test and the`,
    "Gemini emulator; absolute numbers are this machine's, the ratios are what to read. The floor is",
    '`scripts/bench/floor-server.ts`: the same OIP v2 route and three parallel agents through `@google/genai`',
    '(JSON response schema, Search tool on the fact-checker) in ~60 lines, with no validation, guardrails, cache,',
    "metrics or logs. The product is `node dist/bundle/main.mjs` (the image's bundle) with its shipped defaults (`LLM_BACKEND=emulator`,",
    '`AUTH_MODE` none, logs at info). Both talk to one emulator process (`GEMINI_BASE_URL`; one per',
    '`EMULATOR_LATENCY_MS` setting) and run one at a time. Every request is a distinct episode (24 segments,',
    `${bodyBytes.toLocaleString('en-US')} bytes), so no cache answers, and no two segments of an episode have the same text,`,
    'so the guardrails analyse every one (they remember a repeated short text, such as a speaker name).',
    '',
    `CPU: utime + stime of the server process (/proc) over ${counts.cpuRequests} requests at 16 in flight after`,
    `${counts.warmUp} warm-up requests, divided by the requests (and the same over the 2 s run at 500 in flight). Load runs`,
    'are closed loop with a bounded count (each',
    'stopped after 120 s at most; a request unanswered after 60 s is a failure): at 0 ms,',
    `${counts.cpuRequests} requests at 16 in flight and ${counts.at0With500} at 500; at 2 s, ${counts.warmUpAt2s} warm-up at 500, then ${counts.at2sWith16} at`,
    `16 and ${counts.at2sWith500} at 500. Spawn → first inference: readiness polled every 2 ms, then the first infer`,
    `answered 200; median of ${counts.spawnRuns} runs per server, alternating. RSS is VmRSS: idle 1.5 s and 10 s after ready; peak`,
    'sampled every 20 ms during the 2 s run at 500 in flight. A partial 200 is an answer whose `parameters.partial` is',
    "true: an agent failed (e.g. its model's bulkhead, `LLM_MAX_CONCURRENT_CALLS` + `LLM_MAX_QUEUED_CALLS`, was full).",
    '',
    table,
    '',
    'Targets (for later work; where the product stands today):',
    '',
    targets,
    ...(profileText === '' ? [] : ['', profileText]),
  ].join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flags = readFlags(argv);
  const counts = flags.isQuick ? QUICK : FULL;
  const template = distinctEpisodeTemplate();
  const figures: Record<ServerKind, ServerFigures> = { product: emptyFigures(), floor: emptyFigures() };
  const runsPhase = (phase: Phase): boolean => flags.phases.includes(phase);
  let profile: Profiles | undefined;

  if (runsPhase('latency0') || runsPhase('spawn') || flags.profileDir !== undefined) {
    await withEmulator(0, async (emulatorUrl) => {
      if (runsPhase('latency0')) {
        process.stderr.write('latency0\n');
        for (const kind of ['product', 'floor'] as const) await measureAtLatency0(kind, emulatorUrl, template, counts, figures[kind]);
      }
      if (runsPhase('spawn')) {
        process.stderr.write('spawn\n');
        await measureSpawn(emulatorUrl, template, counts.spawnRuns, figures);
      }
      if (flags.profileDir !== undefined) {
        process.stderr.write('profile\n');
        const profileDir = flags.profileDir;
        const profileOf = (kind: ServerKind): Promise<[string, number][]> =>
          profileServer(kind, emulatorUrl, template, counts.profileRequests, profileDir);
        profile = { product: await profileOf('product'), floor: await profileOf('floor') };
      }
    });
  }
  if (runsPhase('latency2000')) {
    await withEmulator(2000, async (emulatorUrl) => {
      process.stderr.write('latency2000\n');
      for (const kind of ['product', 'floor'] as const) await measureAtLatency2000(kind, emulatorUrl, template, counts, figures[kind]);
    });
  }

  const table = renderFiguresTable({ ...figures, spawnRuns: counts.spawnRuns });
  const targets = renderTargetsTable(figures);
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
  const profileText = profile === undefined ? '' : renderProfile(profile, counts.profileRequests);
  process.stdout.write(`${machineNote()}\n\n${table}\n\n${targets}\n\n${profileText === '' ? '' : `${profileText}\n\n`}`);
  const json = {
    product: { ...figures.product, loads: Object.fromEntries(figures.product.loads) },
    floor: { ...figures.floor, loads: Object.fromEntries(figures.floor.loads) },
    profile,
  };
  process.stdout.write(`${JSON.stringify(json)}\n`);
  if (flags.writesDoc) {
    // autocannon's ids are 33 characters long.
    const bodyBytes = Buffer.byteLength(distinctEpisodeBody(template, 'x'.repeat(33)));
    writeDocSection({ path: DOC, heading: DOC_HEADING, body: docBody({ command, table, targets, profileText, counts, bodyBytes }) });
    process.stderr.write(`wrote the "${DOC_HEADING}" section of ${DOC}\n`);
  }
}

await main();
