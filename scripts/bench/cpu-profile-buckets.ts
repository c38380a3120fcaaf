/**
 * @module scripts/bench/cpu-profile-buckets
 * Self time of a V8 CPU profile (`node --cpu-prof`) summed into buckets a reader can act
 * on: a predictor folder, an npm package, a Node internal module, GC, or V8's own work.
 * A built-in (JSON.parse, a RegExp, ...) is charged to the nearest caller that has a script,
 * since that caller is what to change. Idle time is left out. Subtracting a start-up-only
 * profile leaves the cost of the requests.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The bucket a function's self time goes to, from its script URL; `native` for built-ins. */
export function bucketOf({ functionName, url }: ProfileNode['callFrame']): string | undefined {
  if (functionName === '(idle)') return undefined;
  if (functionName === '(garbage collector)') return 'GC';
  if (url === '') return functionName === '(program)' ? 'V8 (program)' : 'native';
  const nodeModule = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nodeModule) return `npm ${nodeModule[1]}`;
  if (url.startsWith('node:')) {
    const internal = /^node:internal\/(deps\/[^/]+|[^/]+)/.exec(url);
    return internal ? `node:${internal[1]}` : url;
  }
  // Two folder levels of our own code, e.g. predictor/security/guardrails.
  const own = /\/dist\/((?:predictor|scripts)(?:\/[^/]+(?=\/))?(?:\/[^/]+(?=\/))?)/.exec(url);
  return own ? own[1] : url;
}

/** Each node's bucket, built-ins taking their nearest scripted caller's. */
function bucketsByNode(nodes: readonly ProfileNode[]): Map<number, string | undefined> {
  const parents = new Map<number, number>();
  for (const node of nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const buckets = new Map<number, string | undefined>();
  for (const node of nodes) {
    let bucket = bucketOf(node.callFrame);
    for (let parentId = parents.get(node.id); bucket === 'native' && parentId !== undefined; parentId = parents.get(parentId)) {
      const parent = byId.get(parentId);
      const parentBucket = parent === undefined ? undefined : bucketOf(parent.callFrame);
      if (parentBucket !== undefined && parentBucket !== 'native' && parentBucket !== 'V8 (program)') bucket = parentBucket;
    }
    buckets.set(node.id, bucket);
  }
  return buckets;
}

/** Milliseconds of self time per bucket in the profile file. */
export function bucketsOf(profilePath: string): Map<string, number> {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const buckets = bucketsByNode(profile.nodes);
  const totals = new Map<string, number>();
  // A sample's time is the gap to the next sample.
  profile.samples.forEach((nodeId, index) => {
    const bucket = buckets.get(nodeId);
    const microseconds = profile.timeDeltas[index + 1] ?? 0;
    if (bucket !== undefined) totals.set(bucket, (totals.get(bucket) ?? 0) + microseconds / 1000);
  });
  return totals;
}

/** (run − baseline) / requests per bucket, largest first. */
export function perRequestBuckets(run: Map<string, number>, baseline: Map<string, number>, requests: number): [string, number][] {
  return [...run.entries()]
    .map(([bucket, ms]): [string, number] => [bucket, Math.max(0, ms - (baseline.get(bucket) ?? 0)) / requests])
    .sort((left, right) => right[1] - left[1]);
}
