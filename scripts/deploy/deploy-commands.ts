/**
 * @module scripts/deploy/deploy-commands
 * The deploy CLI's three commands, free of process and argv so that tests drive them:
 * apply (server-side apply every object, wait for Ready, print URL and status table),
 * status (the table) and delete.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubernetesApi } from './kubernetes-api.js';
import { describeObject } from './deploy-errors.js';
import { orderForApply } from './load-manifests.js';
import { formatStatusTable } from './status-table.js';
import { waitForReady } from './wait-for-ready.js';
import type { InferenceServiceObject } from './inference-service-status.js';

const INFERENCE_SERVICE_API_VERSION = 'serving.kserve.io/v1beta1';

export interface CommandDeps {
  readonly api: KubernetesApi;
  readonly write: (text: string) => void;
  readonly now: () => number;
  readonly sleep: (milliseconds: number) => Promise<void>;
}

export interface ApplyOptions {
  readonly objects: readonly KubernetesObject[];
  /** Creates the objects' namespace first (as a Namespace object) when true. */
  readonly createNamespace?: boolean;
  readonly wait?: boolean;
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  /** Server-side dry run: the API server validates (schemas, webhooks) and stores nothing. */
  readonly dryRun?: boolean;
}

function isInferenceService(object: KubernetesObject): boolean {
  return object.kind === 'InferenceService' && object.apiVersion === INFERENCE_SERVICE_API_VERSION;
}

function namespacesOf(objects: readonly KubernetesObject[]): string[] {
  return [...new Set(objects.map((object) => object.metadata?.namespace).filter((namespace): namespace is string => !!namespace))];
}

/** Applies every object, then waits for each InferenceService to be Ready; returns them. */
export async function applyCommand(options: ApplyOptions, deps: CommandDeps): Promise<InferenceServiceObject[]> {
  const { api, write } = deps;
  const namespaceObjects: KubernetesObject[] = options.createNamespace
    ? namespacesOf(options.objects).map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }))
    : [];
  const suffix = options.dryRun ? ' (server dry run)' : '';
  for (const object of orderForApply([...namespaceObjects, ...options.objects])) {
    await api.apply(object, { dryRun: options.dryRun ?? false });
    write(`${describeObject(object)} serverside-applied${suffix}\n`);
  }
  const services = options.objects.filter(isInferenceService);
  if (options.dryRun || options.wait === false || services.length === 0) return [];
  const ready: InferenceServiceObject[] = [];
  for (const service of services) {
    write(`waiting for ${describeObject(service)} to be Ready (timeout ${Math.round((options.timeoutMs ?? 600_000) / 1000)} s)\n`);
    ready.push(
      await waitForReady({
        api,
        service,
        timeoutMs: options.timeoutMs ?? 600_000,
        intervalMs: options.intervalMs ?? 2000,
        now: deps.now,
        sleep: deps.sleep,
        onProgress: (line) => write(`  ${line}\n`),
      }),
    );
  }
  for (const service of ready) write(`URL: ${service.status?.url ?? '(none)'}\n`);
  write(formatStatusTable(ready, deps.now()));
  return ready;
}

export interface StatusOptions {
  readonly namespace: string;
  /** One InferenceService; all in the namespace when absent. */
  readonly name?: string;
}

/** Prints the status table; returns the services (empty when there are none). */
export async function statusCommand({ namespace, name }: StatusOptions, deps: CommandDeps): Promise<InferenceServiceObject[]> {
  let services: InferenceServiceObject[];
  if (name) {
    const live = await deps.api.read({
      apiVersion: INFERENCE_SERVICE_API_VERSION,
      kind: 'InferenceService',
      metadata: { name, namespace },
    });
    services = live ? [live] : [];
  } else {
    services = await deps.api.list(INFERENCE_SERVICE_API_VERSION, 'InferenceService', namespace);
  }
  if (services.length === 0) {
    deps.write(`No InferenceService${name ? ` named ${name}` : 's'} found in namespace ${namespace}.\n`);
    return [];
  }
  deps.write(formatStatusTable(services, deps.now()));
  return services;
}

/** Deletes the objects in reverse apply order (the InferenceService first); idempotent. */
export async function deleteCommand(objects: readonly KubernetesObject[], deps: CommandDeps): Promise<void> {
  for (const object of orderForApply(objects).reverse()) {
    const outcome = await deps.api.remove(object);
    deps.write(`${describeObject(object)} ${outcome === 'deleted' ? 'deleted' : 'already absent'}\n`);
  }
}
