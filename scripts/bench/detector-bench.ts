/**
 * @module scripts/bench/detector-bench
 * Micro-benchmark of the prompt-injection detector's CPU cost: `assess()` over the fields of
 * the sample episode (24 segments, about 5 KB: the per-request case), over a long transcript
 * read as one field (per KB), and the whole `analyseEpisode()` (injection + PII, paced).
 * Reports process CPU microseconds per field and per KB (median of rounds).
 *
 * With `--reference <module>` it also measures another detector module exporting
 * `createInjectionDetector` (the frozen pre-optimisation copy under test/support) in the same
 * run, rounds interleaved, and prints the ratio, so machine noise hits both alike.
 *
 * Run: `npx tsx scripts/bench/detector-bench.ts [--rounds 15] [--reference ./test/support/reference-injection-detector/injection-detector.ts]`
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyseEpisode } from '../../predictor/pipeline/guardrails/episode-analysis.js';
import type { Episode } from '../../predictor/pipeline/episode.js';
import { createInjectionDetector, type InjectionDetector } from '../../predictor/security/detectors/injection-detector.js';
import { buildSampleEpisode } from './sample-episode.js';

interface Subject {
  readonly name: string;
  readonly create: () => InjectionDetector;
}

function episodeOf(segmentCount: number, id: string): Episode {
  const sample = buildSampleEpisode(segmentCount, id);
  return {
    episodeId: sample.episode_id,
    title: sample.title,
    host: sample.host,
    guests: [...sample.guests],
    segments: sample.transcript.map((segment) => ({ ...segment })),
    hasTimestamps: true,
  };
}

function fieldsOf(episode: Episode): string[] {
  return [
    episode.title,
    ...(episode.host ? [episode.host] : []),
    ...episode.guests,
    ...episode.segments.flatMap((s) => [s.speaker, s.text]),
  ];
}

/** CPU microseconds (user + system) spent in `work`. */
function cpuMicros(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

async function cpuMicrosAsync(work: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const rounds = Number(option('--rounds') ?? 15);
  const referencePath = option('--reference');
  const subjects: Subject[] = [{ name: 'product', create: createInjectionDetector }];
  if (referencePath) {
    const reference = (await import(pathToFileURL(path.resolve(referencePath)).href)) as {
      createInjectionDetector: () => InjectionDetector;
    };
    subjects.push({ name: 'reference', create: reference.createInjectionDetector });
  }

  // Every request is a new episode (distinct ids, same text): the detector instance is kept, as in the server.
  const shortFields = fieldsOf(episodeOf(24, 'bench-1'));
  const shortChars = shortFields.reduce((sum, text) => sum + text.length, 0);
  const longText = fieldsOf(episodeOf(2000, 'bench-long'))
    .filter((_, index) => index % 2 === 1)
    .join('\n');
  const episodes = Array.from({ length: 20 }, (_, index) => episodeOf(24, `bench-${index}`));
  const repeat = 20;

  const results = new Map<string, { perField: number[]; perKbLong: number[]; perEpisode: number[] }>();
  for (const subject of subjects) results.set(subject.name, { perField: [], perKbLong: [], perEpisode: [] });
  for (let round = 0; round < rounds + 2; round++) {
    for (const subject of subjects) {
      const assess = subject.create();
      const perField = cpuMicros(() => {
        for (let pass = 0; pass < repeat; pass++) for (const text of shortFields) assess(text);
      });
      const perLong = cpuMicros(() => void assess(longText));
      const perEpisode = await cpuMicrosAsync(async () => {
        for (const episode of episodes)
          await analyseEpisode(episode, {
            piiKinds: ['email', 'phone', 'card', 'national_id', 'iban'],
            assess,
            yieldControl: () => Promise.resolve(),
          });
      });
      if (round < 2) continue; // warm-up (JIT)
      const bucket = results.get(subject.name);
      bucket?.perField.push(perField / (repeat * shortFields.length));
      bucket?.perKbLong.push(perLong / (longText.length / 1024));
      bucket?.perEpisode.push(perEpisode / episodes.length);
    }
  }
  const round1 = (value: number) => Math.round(value * 10) / 10;
  const report: Record<string, unknown> = {
    rounds,
    shortFields: shortFields.length,
    shortFieldMeanChars: Math.round(shortChars / shortFields.length),
    longTextKb: round1(longText.length / 1024),
  };
  for (const [name, bucket] of results) {
    report[name] = {
      assessCpuMicrosPerShortField: round1(median(bucket.perField)),
      assessCpuMicrosPerKbShort: round1((median(bucket.perField) * shortFields.length) / (shortChars / 1024)),
      assessCpuMicrosPerKbLong: round1(median(bucket.perKbLong)),
      analyseEpisodeCpuMicros24Segments: round1(median(bucket.perEpisode)),
    };
  }
  const product = results.get('product');
  const reference = results.get('reference');
  if (product && reference) {
    const ratio = (a: number[], b: number[]) => Math.round((median(a) / median(b)) * 100) / 100;
    report.productOverReference = {
      shortField: ratio(product.perField, reference.perField),
      longPerKb: ratio(product.perKbLong, reference.perKbLong),
      analyseEpisode: ratio(product.perEpisode, reference.perEpisode),
    };
  }
  console.log(JSON.stringify(report, null, 2));
}

await main();
