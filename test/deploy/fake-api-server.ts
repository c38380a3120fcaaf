/**
 * A fake Kubernetes API server on 127.0.0.1 for the deploy and invoke CLIs' tests: discovery,
 * server-side apply, merge patch, get, list and delete of the kinds our overlays render, bearer
 * token auth, RBAC refusals on demand, and a small KServe controller that turns an
 * InferenceService's spec into revisions and `status.components.predictor` traffic as KServe
 * does for `canaryTrafficPercent` (the latest ready revision gets the canary percent, the last
 * rolled-out one, tagged `prev`, the rest). A new revision can be held not Ready until a given
 * number of reads has passed, so wait loops progress without timers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Resource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

const RESOURCES: readonly Resource[] = [
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true },
  { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true },
  { group: 'keda.sh', version: 'v1alpha1', kind: 'ScaledObject', plural: 'scaledobjects', namespaced: true },
  { group: 'serving.kserve.io', version: 'v1beta1', kind: 'InferenceService', plural: 'inferenceservices', namespaced: true },
];

type Json = Record<string, unknown>;

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType: string;
  readonly body: unknown;
}

interface RevisionState {
  latestCreated?: string | undefined;
  latestReady?: string | undefined;
  latestRolledout?: string | undefined;
  previousRolledout?: string | undefined;
  counter: number;
  /** Reads left before latestCreated becomes Ready. */
  readsUntilReady: number;
}

export interface FakeApiServerOptions {
  /** Serve KServe's API group (its CRD installed); default true. */
  readonly kserve?: boolean;
  /** Namespaces that exist from the start. */
  readonly namespaces?: readonly string[];
  readonly token?: string;
}

export interface FakeApiServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** A kubeconfig (YAML) with one context `fake` pointing here. */
  kubeconfig(options?: { readonly namespace?: string; readonly token?: string }): string;
  /** The stored object, or undefined. */
  get(kind: string, namespace: string, name: string): Json | undefined;
  /** 403 for this verb on this plural (e.g. 'patch', 'inferenceservices'). */
  forbid(verb: string, plural: string): void;
  /** The next revisions of every InferenceService stay not Ready for this many reads (0: Ready at once). */
  holdNewRevisions(reads: number): void;
  close(): Promise<void>;
}

const keyOf = (kind: string, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;

function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result: Json = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Json) } : {};
  for (const [key, value] of Object.entries(patch as Json)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function status(code: number, reason: string, message: string, details?: Json): Json {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, ...(details ? { details } : {}) };
}

/** Starts the fake on an ephemeral loopback port. */
export async function startFakeApiServer({
  kserve = true,
  namespaces = ['default'],
  token = 'fake-token',
}: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const objects = new Map<string, Json>();
  const revisions = new Map<string, RevisionState>();
  const existingNamespaces = new Set(namespaces);
  const forbidden = new Set<string>();
  const requests: RecordedRequest[] = [];
  let holdReads = 0;
  let resourceVersion = 1;
  const resources = RESOURCES.filter((resource) => kserve || resource.group !== 'serving.kserve.io');

  function reconcile(isvc: Json, revisionKey: string, isSpecChange: boolean): void {
    const state = revisions.get(revisionKey) ?? { counter: 0, readsUntilReady: 0 };
    revisions.set(revisionKey, state);
    const metadata = isvc.metadata as Json;
    if (isSpecChange) {
      state.counter += 1;
      state.latestCreated = `${String(metadata.name)}-predictor-${String(state.counter).padStart(5, '0')}`;
      state.readsUntilReady = holdReads;
    }
    if (state.readsUntilReady <= 0) state.latestReady = state.latestCreated;
    const canary = ((isvc.spec as Json | undefined)?.predictor as Json | undefined)?.canaryTrafficPercent as number | undefined;
    // KServe: after a full rollout of the latest ready revision, a canary below 100 splits
    // against the revision rolled out before it (this is how canaryTrafficPercent: 0 rolls back).
    let lastRolledout = state.latestRolledout;
    if (state.latestRolledout === state.latestReady && canary !== undefined && canary < 100) lastRolledout = state.previousRolledout;
    const traffic: Json[] = [];
    if (canary !== undefined && lastRolledout) {
      traffic.push({ tag: 'latest', revisionName: state.latestReady, latestRevision: true, percent: canary });
      if (canary < 100) traffic.push({ tag: 'prev', revisionName: lastRolledout, latestRevision: false, percent: 100 - canary });
    } else if (state.latestReady) {
      traffic.push({ tag: 'latest', revisionName: state.latestReady, latestRevision: true, percent: 100 });
    }
    const latestPercent = (traffic.find((target) => target.latestRevision === true)?.percent as number | undefined) ?? 0;
    if (latestPercent === 100 && state.latestReady && state.latestRolledout !== state.latestReady) {
      state.previousRolledout = state.latestRolledout;
      state.latestRolledout = state.latestReady;
    }
    const isReady = state.latestReady !== undefined && state.latestReady === state.latestCreated;
    const readyCondition = isReady
      ? { type: 'Ready', status: 'True' }
      : { type: 'Ready', status: 'Unknown', reason: 'RevisionMissing', message: `Revision "${String(state.latestCreated)}" is not ready` };
    isvc.status = {
      observedGeneration: metadata.generation,
      url: `http://${String(metadata.name)}.${String(metadata.namespace)}.example.com`,
      conditions: [{ ...readyCondition, type: 'PredictorReady' }, readyCondition],
      components: {
        predictor: {
          latestCreatedRevision: state.latestCreated,
          ...(state.latestReady ? { latestReadyRevision: state.latestReady } : {}),
          ...(state.latestRolledout ? { latestRolledoutRevision: state.latestRolledout } : {}),
          ...(state.previousRolledout ? { previousRolledoutRevision: state.previousRolledout } : {}),
          traffic,
        },
      },
    };
  }

  function store(resource: Resource, namespace: string, name: string, incoming: Json, mode: 'apply' | 'merge'): Json {
    const key = keyOf(resource.kind, namespace, name);
    const existing = objects.get(key);
    let next: Json;
    if (!existing) {
      const metadata = { ...(incoming.metadata as Json), name, ...(resource.namespaced ? { namespace } : {}) };
      next = {
        ...incoming,
        metadata: { ...metadata, generation: 1, uid: `uid-${resourceVersion}`, creationTimestamp: '2026-01-01T00:00:00Z' },
      };
    } else if (mode === 'apply') {
      const { status: _status, ...rest } = incoming;
      next = { ...existing, ...rest, metadata: { ...(existing.metadata as Json), ...(incoming.metadata as Json) } };
    } else {
      next = mergePatch(existing, incoming) as Json;
    }
    const specChanged = !existing || JSON.stringify(existing.spec) !== JSON.stringify(next.spec);
    const metadata = next.metadata as Json;
    if (existing && specChanged) metadata.generation = Number((existing.metadata as Json).generation ?? 1) + 1;
    metadata.resourceVersion = String(resourceVersion++);
    if (resource.kind === 'InferenceService') {
      const podSpecChanged =
        !existing ||
        JSON.stringify({ ...((existing.spec as Json)?.predictor as Json), canaryTrafficPercent: undefined }) !==
          JSON.stringify({ ...((next.spec as Json)?.predictor as Json), canaryTrafficPercent: undefined });
      reconcile(next, key, podSpecChanged);
    }
    objects.set(key, next);
    return next;
  }

  function handle(request: IncomingMessage, body: string, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    const method = request.method ?? 'GET';
    const contentType = request.headers['content-type'] ?? '';
    let parsed: unknown;
    try {
      parsed = body ? JSON.parse(body) : undefined;
    } catch {
      parsed = body;
    }
    requests.push({ method, path: url.pathname, query: url.searchParams, contentType, body: parsed });
    const reply = (code: number, json: unknown): void => {
      response.writeHead(code, { 'content-type': 'application/json' });
      response.end(JSON.stringify(json));
    };
    if (request.headers.authorization !== `Bearer ${token}`) {
      reply(401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    const parts = url.pathname.split('/').filter(Boolean);
    // Discovery: /api/v1 and /apis/GROUP/VERSION.
    const groupVersion =
      parts[0] === 'api'
        ? { group: '', version: parts[1] ?? '', rest: parts.slice(2) }
        : { group: parts[1] ?? '', version: parts[2] ?? '', rest: parts.slice(3) };
    const served = resources.filter((resource) => resource.group === groupVersion.group && resource.version === groupVersion.version);
    if (served.length === 0) {
      reply(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    if (groupVersion.rest.length === 0 && method === 'GET') {
      reply(200, {
        kind: 'APIResourceList',
        groupVersion: groupVersion.group ? `${groupVersion.group}/${groupVersion.version}` : groupVersion.version,
        resources: served.map(({ plural, namespaced, kind }) => ({
          name: plural,
          namespaced,
          kind,
          verbs: ['get', 'list', 'patch', 'delete'],
        })),
      });
      return;
    }
    let rest = groupVersion.rest;
    let namespace = '';
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1] ?? '';
      rest = rest.slice(2);
    }
    const resource = served.find((candidate) => candidate.plural === rest[0]);
    const name = rest[1];
    if (!resource) {
      reply(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    const verb = method === 'GET' ? (name ? 'get' : 'list') : method.toLowerCase();
    const qualified = resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
    if (forbidden.has(`${verb} ${resource.plural}`)) {
      reply(
        403,
        status(
          403,
          'Forbidden',
          `${qualified}${name ? ` "${name}"` : ''} is forbidden: User "deployer" cannot ${verb} resource "${resource.plural}" in API group "${resource.group}"${namespace ? ` in the namespace "${namespace}"` : ''}`,
        ),
      );
      return;
    }
    if (resource.namespaced && namespace && !existingNamespaces.has(namespace)) {
      reply(404, status(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' }));
      return;
    }
    const key = keyOf(resource.kind, namespace, name ?? '');
    const notFound = (): void =>
      reply(404, status(404, 'NotFound', `${qualified} "${name}" not found`, { name, group: resource.group, kind: resource.plural }));
    if (method === 'GET' && !name) {
      const items = [...objects.entries()]
        .filter(([candidate]) => candidate.startsWith(`${resource.kind}/${namespace}/`))
        .map(([, object]) => object);
      reply(200, { kind: `${resource.kind}List`, apiVersion: 'v1', metadata: {}, items });
      return;
    }
    if (method === 'GET') {
      const object = objects.get(key);
      if (!object) return notFound();
      const state = revisions.get(key);
      if (state && state.readsUntilReady > 0) {
        state.readsUntilReady -= 1;
        if (state.readsUntilReady === 0) reconcile(object, key, false);
      }
      reply(200, object);
      return;
    }
    if (method === 'DELETE') {
      if (!objects.delete(key)) return notFound();
      revisions.delete(key);
      reply(200, status(200, 'Success', 'deleted'));
      return;
    }
    if (method === 'PATCH' && name) {
      const incoming = parsed as Json;
      const isApply = contentType.startsWith('application/apply-patch');
      if (!isApply && !objects.has(key)) return notFound();
      if (url.searchParams.get('dryRun') === 'All') {
        reply(200, incoming);
        return;
      }
      const stored = store(resource, namespace, name, incoming, isApply ? 'apply' : 'merge');
      if (resource.kind === 'Namespace') existingNamespaces.add(name);
      reply(200, stored);
      return;
    }
    reply(405, status(405, 'MethodNotAllowed', `${method} is not supported by this fake`));
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    kubeconfig: ({ namespace, token: userToken = token } = {}) =>
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- name: fake`,
        `  cluster: { server: "${url}", insecure-skip-tls-verify: true }`,
        'users:',
        `- name: deployer`,
        `  user: { token: "${userToken}" }`,
        'contexts:',
        `- name: fake`,
        `  context: { cluster: fake, user: deployer${namespace ? `, namespace: ${namespace}` : ''} }`,
        'current-context: fake',
        '',
      ].join('\n'),
    get: (kind, namespace, name) => objects.get(keyOf(kind, namespace, name)),
    forbid: (verb, plural) => forbidden.add(`${verb} ${plural}`),
    holdNewRevisions: (reads) => {
      holdReads = reads;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
