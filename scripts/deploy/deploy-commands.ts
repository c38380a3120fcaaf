/**
 * @module scripts/deploy/deploy-commands
 * The deploy CLI's commands, free of process and argv so that tests drive them: apply (server-
 * side apply every object, optionally as a canary, wait for Ready, print URL, traffic and
 * status), status, delete, and the rollout steps promote, rollback and gate. Results go to
 * `write` (stdout); progress to `progress` (stderr), so `-o json` output stays parseable.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubernetesApi } from './kubernetes-api.js';
import { evaluateCanaryGate, type CanaryGateResult } from './canary-gate.js';
import { DeployError, NotFoundError, describeObject } from './deploy-errors.js';
import {
  canaryPercentOf,
  isLatestRevisionReady,
  isObserved,
  isReady,
  revisionTraffic,
  type InferenceServiceObject,
} from './inference-service-status.js';
import { orderForApply } from './load-manifests.js';
import { formatObjects, type OutputFormat } from './output-format.js';
import { formatDuration } from './parse-duration.js';
import { linesProgress, type Progress } from './progress.js';
import { formatTraffic } from './status-table.js';
import { waitForReady } from './wait-for-ready.js';

const INFERENCE_SERVICE_API_VERSION = 'serving.kserve.io/v1beta1';
const DEFAULT_TIMEOUT_MS = 600_000;

export interface CommandDeps {
  readonly api: KubernetesApi;
  /** Results (stdout). */
  readonly write: (text: string) => void;
  /** Progress (stderr); defaults to lines through `write`. */
  readonly progress?: Progress;
  readonly now: () => number;
  readonly sleep: (milliseconds: number) => Promise<void>;
}

export interface WaitOptions {
  readonly wait?: boolean;
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

export interface ApplyOptions extends WaitOptions {
  readonly objects: readonly KubernetesObject[];
  /** Creates the objects' namespace first (as a Namespace object) when true. */
  readonly createNamespace?: boolean;
  /** Server-side dry run: the API server validates (schemas, webhooks) and stores nothing. */
  readonly dryRun?: boolean;
  readonly output?: OutputFormat;
}

function progressOf(deps: CommandDeps): Progress {
  return deps.progress ?? linesProgress(deps.write);
}

function isInferenceService(object: KubernetesObject): boolean {
  return object.kind === 'InferenceService' && object.apiVersion === INFERENCE_SERVICE_API_VERSION;
}

function namespacesOf(objects: readonly KubernetesObject[]): string[] {
  return [...new Set(objects.map((object) => object.metadata?.namespace).filter((namespace): namespace is string => !!namespace))];
}

async function waitUntil(
  service: KubernetesObject,
  options: WaitOptions,
  deps: CommandDeps,
  until?: (live: InferenceServiceObject) => boolean,
  goal?: string,
): Promise<InferenceServiceObject> {
  const progress = progressOf(deps);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  progress.line(`waiting for ${describeObject(service)} to be ${goal ?? 'Ready'} (timeout ${formatDuration(timeoutMs)})`);
  try {
    return await waitForReady({
      api: deps.api,
      service,
      timeoutMs,
      intervalMs: options.intervalMs ?? 2000,
      now: deps.now,
      sleep: deps.sleep,
      onProgress: (line) => progress.line(`  ${line}`),
      onStatus: (line) => progress.status(line),
      ...(until ? { until } : {}),
      ...(goal ? { goal } : {}),
    });
  } finally {
    progress.done();
  }
}

/** Every field set in `wanted` has that value in `live` (which may hold more: webhook defaults). */
function isSubsetOf(wanted: unknown, live: unknown): boolean {
  if (Array.isArray(wanted))
    return Array.isArray(live) && wanted.length === live.length && wanted.every((item, index) => isSubsetOf(item, live[index]));
  if (typeof wanted === 'object' && wanted !== null) {
    if (typeof live !== 'object' || live === null) return false;
    return Object.entries(wanted).every(([key, value]) => isSubsetOf(value, (live as Record<string, unknown>)[key]));
  }
  return wanted === live;
}

function predictorWithoutCanary(service: InferenceServiceObject | undefined): Record<string, unknown> {
  const { canaryTrafficPercent: _canary, ...rest } = service?.spec?.predictor ?? {};
  return rest;
}

/**
 * A canary needs a new revision. With none (the predictor spec unchanged) and no split under
 * way, KServe would split the *current* revision against the one rolled out before it: a
 * --canary 10 would send 90% back to the old release.
 */
function checkCanaryHasNewRevision(service: InferenceServiceObject, live: InferenceServiceObject | undefined): void {
  if (!live || !isSubsetOf(predictorWithoutCanary(service), predictorWithoutCanary(live))) return;
  const serving = revisionTraffic(live).filter((target) => target.percent > 0);
  if (serving.length > 1) return; // changing the share of a canary under way is a ramp, not a new canary
  throw new DeployError(
    `nothing new to roll out as a canary: ${describeObject(service)} already runs this spec at 100%, and a canary without a new ` +
      'revision would send the rest of the traffic back to the previous one. Deploy a new --image (or config), or drop --canary',
  );
}

/** What a canary apply is about to do to a live service, said before it happens. */
function describeCanaryStart(live: InferenceServiceObject | undefined, percent: number): string {
  if (!live) return `first revision: it takes 100% whatever --canary says (there is nothing to split against)`;
  const serving = revisionTraffic(live).filter((target) => target.percent > 0);
  if (canaryPercentOf(live) !== undefined && serving.length > 1) {
    const stable = serving.find((target) => target.tag === 'prev')?.revisionName ?? 'the last rolled-out revision';
    return `a canary is already in progress (${serving.map((target) => `${target.revisionName} ${target.percent}%`).join(', ')}): the new revision replaces it and gets ${percent}%, ${stable} keeps ${100 - percent}%`;
  }
  return `canary: the new revision gets ${percent}% once Ready, the current one keeps ${100 - percent}%`;
}

/** Applies every object, then waits for each InferenceService to be Ready; returns them. */
export async function applyCommand(options: ApplyOptions, deps: CommandDeps): Promise<InferenceServiceObject[]> {
  const { api } = deps;
  const progress = progressOf(deps);
  const namespaceObjects: KubernetesObject[] = options.createNamespace
    ? namespacesOf(options.objects).map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }))
    : [];
  const services = options.objects.filter(isInferenceService) as InferenceServiceObject[];
  if (!options.dryRun) {
    for (const service of services) {
      const percent = canaryPercentOf(service);
      if (percent === undefined) continue;
      const live = (await api.read(service)) as InferenceServiceObject | undefined;
      checkCanaryHasNewRevision(service, live);
      progress.line(`${describeObject(service)}: ${describeCanaryStart(live, percent)}`);
    }
  }
  const suffix = options.dryRun ? ' (server dry run)' : '';
  for (const object of orderForApply([...namespaceObjects, ...options.objects])) {
    await api.apply(object, { dryRun: options.dryRun ?? false });
    progress.line(`${describeObject(object)} serverside-applied${suffix}`);
  }
  if (options.dryRun || options.wait === false || services.length === 0) return [];
  const ready: InferenceServiceObject[] = [];
  for (const service of services) ready.push(await waitUntil(service, options, deps));
  const output = options.output ?? 'table';
  // The table lists each revision's traffic under it while a canary splits it.
  if (output === 'table') for (const service of ready) deps.write(`URL: ${service.status?.url ?? '(none)'}\n`);
  deps.write(formatObjects(ready, output, deps.now()));
  return ready;
}

export interface StatusOptions {
  readonly namespace: string;
  /** These InferenceServices (NotFound is an error); every one in the namespace when absent. */
  readonly names?: readonly string[];
  readonly output?: OutputFormat;
}

function reference(name: string, namespace: string): KubernetesObject {
  return { apiVersion: INFERENCE_SERVICE_API_VERSION, kind: 'InferenceService', metadata: { name, namespace } };
}

async function readService(name: string, namespace: string, api: KubernetesApi): Promise<InferenceServiceObject> {
  const live = await api.read(reference(name, namespace));
  if (!live) {
    throw new NotFoundError(
      `inferenceservices.serving.kserve.io "${name}" not found in namespace ${namespace} (context "${api.target.context}")`,
    );
  }
  return live;
}

/** Prints the services (table by default); a named one that does not exist is a NotFoundError. */
export async function statusCommand(
  { namespace, names, output = 'table' }: StatusOptions,
  deps: CommandDeps,
): Promise<InferenceServiceObject[]> {
  const services: InferenceServiceObject[] = [];
  if (names && names.length > 0) {
    for (const name of names) services.push(await readService(name, namespace, deps.api));
  } else {
    services.push(...(await deps.api.list(INFERENCE_SERVICE_API_VERSION, 'InferenceService', namespace)));
  }
  if (services.length === 0) {
    // kubectl get: an empty list is not an error.
    progressOf(deps).line(`No InferenceServices found in namespace ${namespace}.`);
    return [];
  }
  deps.write(formatObjects(services, output, deps.now()));
  return services;
}

/** Deletes the objects in reverse apply order (the InferenceService first); idempotent. */
export async function deleteCommand(objects: readonly KubernetesObject[], deps: CommandDeps): Promise<void> {
  for (const object of orderForApply(objects).reverse()) {
    const outcome = await deps.api.remove(object);
    deps.write(`${describeObject(object)} ${outcome === 'deleted' ? 'deleted' : 'already absent'}\n`);
  }
}

export interface GateSettings {
  readonly prometheusUrl: string;
  readonly windowMs: number;
  readonly maxErrorRate: number;
  readonly maxP99Ms: number;
  readonly fetch?: typeof fetch;
}

export interface RolloutOptions extends WaitOptions {
  readonly name: string;
  readonly namespace: string;
  /** promote only: check the canary's metrics first and refuse a worse one. */
  readonly gate?: GateSettings;
}

function percentOf(service: InferenceServiceObject, revision: string | undefined): number {
  return revisionTraffic(service).find((target) => target.revisionName === revision)?.percent ?? 0;
}

function notReadyMessage(service: InferenceServiceObject): string {
  const predictor = service.status?.components?.predictor;
  const serving = revisionTraffic(service)
    .filter((target) => target.percent > 0)
    .map((target) => `${target.revisionName} ${target.percent}%`)
    .join(', ');
  return `revision ${predictor?.latestCreatedRevision ?? '?'} is not Ready (traffic: ${serving || 'none'})`;
}

/** How promote or rollback moves the traffic, and how it knows the move is done. */
interface TrafficShift {
  /** `null` removes the field (all to the latest revision); `0` sends all back to the previous one. */
  readonly canaryTrafficPercent: number | null;
  /** The progress line after the patch, after "<object> patched: ". */
  readonly patched: string;
  readonly until: (service: InferenceServiceObject) => boolean;
  /** What the wait is for, as the progress line names it. */
  readonly goal: string;
  /** The verb of the final traffic line ("promoted", "rolled back"). */
  readonly done: string;
}

/** Patches canaryTrafficPercent, then (unless `--wait=false`) waits for the split and prints it. */
async function shiftTraffic(
  live: InferenceServiceObject,
  options: RolloutOptions,
  deps: CommandDeps,
  shift: TrafficShift,
): Promise<InferenceServiceObject> {
  await deps.api.mergePatch(live, { spec: { predictor: { canaryTrafficPercent: shift.canaryTrafficPercent } } });
  progressOf(deps).line(`${describeObject(live)} patched: ${shift.patched}`);
  if (options.wait === false) return live;
  const shifted = await waitUntil(live, options, deps, shift.until, shift.goal);
  deps.write(`${shift.done}: traffic of ${shifted.metadata?.name ?? ''}:\n${formatTraffic(shifted)}`);
  return shifted;
}

/** Checks the canary of a live service against the gate's thresholds; throws when it fails. */
async function runGate(service: InferenceServiceObject, gate: GateSettings, deps: CommandDeps): Promise<CanaryGateResult> {
  const predictor = service.status?.components?.predictor;
  const canaryRevision = predictor?.latestReadyRevision;
  if (!canaryRevision) throw new DeployError(`${describeObject(service)} reports no Ready revision to judge`);
  const stableRevision = revisionTraffic(service).find(
    (target) => target.revisionName !== canaryRevision && target.percent > 0,
  )?.revisionName;
  const result = await evaluateCanaryGate({
    prometheusUrl: gate.prometheusUrl,
    namespace: service.metadata?.namespace ?? '',
    canaryRevision,
    ...(stableRevision ? { stableRevision } : {}),
    windowMs: gate.windowMs,
    maxErrorRate: gate.maxErrorRate,
    maxP99Ms: gate.maxP99Ms,
    ...(gate.fetch ? { fetch: gate.fetch } : {}),
  });
  progressOf(deps).line(result.summary);
  if (!result.isPassed) {
    throw new DeployError(
      `gate failed for ${canaryRevision}: ${result.failures.join('; ')}. Not promoting: roll back with \`deploy rollback\`, or fix and redeploy`,
    );
  }
  progressOf(deps).line(`gate passed for ${canaryRevision}`);
  return result;
}

/** `deploy gate`: the canary's metrics against the thresholds, nothing changed. */
export async function gateCommand(options: RolloutOptions & { readonly gate: GateSettings }, deps: CommandDeps): Promise<void> {
  const live = await readService(options.name, options.namespace, deps.api);
  if (!isLatestRevisionReady(live)) throw new DeployError(`gate: ${notReadyMessage(live)}`);
  await runGate(live, options.gate, deps);
}

/** `deploy promote`: 100% to the latest Ready revision (canaryTrafficPercent removed), after the gate if given. */
export async function promoteCommand(options: RolloutOptions, deps: CommandDeps): Promise<InferenceServiceObject> {
  const live = await readService(options.name, options.namespace, deps.api);
  const latest = live.status?.components?.predictor?.latestReadyRevision;
  if (!isObserved(live) || !isLatestRevisionReady(live)) {
    throw new DeployError(`not promoting ${describeObject(live)}: ${notReadyMessage(live)}. Wait for it (deploy status) or roll back`);
  }
  if (canaryPercentOf(live) === undefined && percentOf(live, latest) === 100) {
    deps.write(`nothing to promote: ${latest} already receives 100%\n${formatTraffic(live)}`);
    return live;
  }
  if (options.gate) await runGate(live, options.gate, deps);
  return shiftTraffic(live, options, deps, {
    canaryTrafficPercent: null,
    patched: `canaryTrafficPercent removed, ${latest} takes 100%`,
    until: (service) => isReady(service) && percentOf(service, latest) === 100,
    goal: `promoted (${latest} at 100%)`,
    done: 'promoted',
  });
}

/**
 * `deploy rollback`: all traffic back to the previous revision, by canaryTrafficPercent 0, which
 * KServe routes to the last rolled-out revision (during a canary) or to the one rolled out before
 * the current (after a full rollout).
 */
export async function rollbackCommand(options: RolloutOptions, deps: CommandDeps): Promise<InferenceServiceObject> {
  const live = await readService(options.name, options.namespace, deps.api);
  const predictor = live.status?.components?.predictor;
  const traffic = revisionTraffic(live);
  const split = traffic.find((target) => target.tag === 'prev' && target.revisionName);
  if (!split && !isLatestRevisionReady(live)) {
    // The new revision never became Ready, so it never took traffic: there is nothing to move.
    // canaryTrafficPercent 0 here would send everything to the revision *before* the one serving.
    deps.write(
      `nothing to roll back: ${notReadyMessage(live)}; ${predictor?.latestReadyRevision ?? 'the last Ready revision'} keeps serving. ` +
        `Redeploy the previous image to replace ${predictor?.latestCreatedRevision ?? 'the new revision'}.\n${formatTraffic(live)}`,
    );
    return live;
  }
  const target = split?.revisionName ?? predictor?.previousRolledoutRevision;
  if (!target) {
    throw new DeployError(
      `nothing to roll back to: ${describeObject(live)} has no previous rolled-out revision (${predictor?.latestReadyRevision ?? 'one revision'} only)`,
    );
  }
  if (percentOf(live, target) === 100) {
    deps.write(`already rolled back: ${target} receives 100%\n${formatTraffic(live)}`);
    return live;
  }
  return shiftTraffic(live, options, deps, {
    canaryTrafficPercent: 0,
    patched: `canaryTrafficPercent 0, traffic back to ${target}`,
    until: (service) => isObserved(service) && percentOf(service, target) === 100,
    goal: `rolled back (${target} at 100%)`,
    done: 'rolled back',
  });
}
