/**
 * @module scripts/deploy/deploy-program
 * `npm run deploy -- [apply|status|delete|promote|rollback|gate] [flags]`: deploys the predictor
 * to a cluster with kubectl's flags and habits. See `--help` and docs/deployment.md.
 * Everything the process would give it (argv, env, streams, clock) comes in through DeployIo,
 * so tests run it in process against the fake API server; deploy-cli.ts is the process.
 * Returns the exit code: 0 done, 1 failed (NotFound included), 2 usage.
 */
import { execFile } from 'node:child_process';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import type { KubernetesObject } from '@kubernetes/client-node';
import { closestMatch, parseChoice, parseCommandLine, parseInteger, runCli, UsageError } from './cli-args.js';
import {
  applyCommand,
  deleteCommand,
  gateCommand,
  promoteCommand,
  rollbackCommand,
  statusCommand,
  type CommandDeps,
  type GateSettings,
} from './deploy-commands.js';
import { DeployError } from './deploy-errors.js';
import { loadKubeContext } from './kube-context.js';
import { createKubernetesApi } from './kubernetes-api.js';
import { findRepositoryRoot, loadManifests, renderWithKubectl } from './load-manifests.js';
import { formatObjects, OUTPUT_FORMATS } from './output-format.js';
import { parseDurationMs } from './parse-duration.js';
import { createProgress } from './progress.js';
import { applyRelease, checkImageReference, imagesOf, isDigestReference } from './release-image.js';

const USAGE = `Usage: npm run deploy -- [COMMAND] [flags]

Commands:
  apply (default)  server-side apply the overlay's objects, wait for the InferenceService
                   to be Ready, print its URL, traffic and status
  status           the InferenceService table (like kubectl get inferenceservice), with
                   traffic by revision during a rollout
  promote          send 100% to the latest Ready revision (after --prometheus's gate, if given)
  rollback         send 100% back to the previous revision
  gate             check the canary's error rate and p99 in Prometheus; change nothing
  delete           delete the overlay's objects (InferenceService first)

Where:
  --overlay NAME|DIR      overlay under manifests/overlays, or a kustomize dir     (dev)
  -f, --file PATH         a YAML file of objects instead of an overlay
  -n, --namespace NS      namespace                              (the overlay's, else the context's)
  --name NAME             status/promote/rollback/gate: this InferenceService  (the overlay's)
  --context NAME          kubeconfig context                                      (current)
  --kubeconfig PATH       kubeconfig file                       ($KUBECONFIG, else ~/.kube/config)

apply:
  --image REF             run this image (registry/repo@sha256:... from scripts/push-ecr.sh)
  --allow-mutable-tag     accept an image without a digest on an overlay other than dev
  --canary PERCENT        roll out as a canary: the new revision gets PERCENT% of traffic
  --source-revision REV   recorded as an annotation                 (git HEAD, -dirty if changed)
  --create-namespace      create the namespace first
  --dry-run=server|client server: validate on the API server, store nothing;
                          client: print the objects that would be applied, contact nothing
  --no-wait               return once the objects are applied
  --timeout DURATION      how long to wait (apply, promote, rollback), e.g. 90s, 1m30s  (10m)

gate / promote:
  --prometheus URL        the cluster's Prometheus (promote: gate first when given)
  --max-error-rate RATIO  highest 5xx share of the canary                           (0.01)
  --max-p99 DURATION      highest p99 latency of the canary                         (30s)
  --window DURATION       how far back to look                                      (10m)

Output:
  -o, --output FORMAT     table|json|yaml|name                                      (table)
  -h, --help

Exit status: 0 done, 1 failed (NotFound included), 2 usage error.
`;

const OPTIONS = {
  overlay: { type: 'string' },
  file: { type: 'string', short: 'f' },
  namespace: { type: 'string', short: 'n' },
  name: { type: 'string' },
  context: { type: 'string' },
  kubeconfig: { type: 'string' },
  output: { type: 'string', short: 'o' },
  image: { type: 'string' },
  'allow-mutable-tag': { type: 'boolean' },
  canary: { type: 'string' },
  'source-revision': { type: 'string' },
  'create-namespace': { type: 'boolean' },
  'dry-run': { type: 'string' },
  'no-wait': { type: 'boolean' },
  timeout: { type: 'string' },
  prometheus: { type: 'string' },
  'max-error-rate': { type: 'string' },
  'max-p99': { type: 'string' },
  window: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flag = keyof typeof OPTIONS;
const COMMON: readonly Flag[] = ['overlay', 'file', 'namespace', 'context', 'kubeconfig', 'output', 'help'];
const GATE: readonly Flag[] = ['prometheus', 'max-error-rate', 'max-p99', 'window'];
const COMMAND_FLAGS: Readonly<Record<string, readonly Flag[]>> = {
  apply: ['image', 'allow-mutable-tag', 'canary', 'source-revision', 'create-namespace', 'dry-run', 'no-wait', 'timeout'],
  status: ['name'],
  delete: [],
  promote: ['name', 'no-wait', 'timeout', ...GATE],
  rollback: ['name', 'no-wait', 'timeout'],
  gate: ['name', ...GATE],
};

const repositoryRoot = findRepositoryRoot(import.meta.url);

/** The commit being deployed: git HEAD, "-dirty" when the tree has changes; "unknown" outside git. */
async function gitRevision(): Promise<string> {
  const git = (args: string[]) => promisify(execFile)('git', ['-C', repositoryRoot, ...args]).then(({ stdout }) => stdout.trim());
  try {
    const [head, changes] = await Promise.all([git(['rev-parse', 'HEAD']), git(['status', '--porcelain'])]);
    return `${head}${changes ? '-dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

function parseRatio(text: string, flag: string): number {
  const value = Number(text);
  if (!/^\d*\.?\d+$/.test(text) || value > 1) throw new UsageError(`${flag} must be a ratio from 0 to 1 (0.01 is 1%), not "${text}"`);
  return value;
}

/** What the program gets from the process. */
export interface DeployIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly isTTY: boolean;
  readonly now: () => number;
  readonly sleep: (milliseconds: number) => Promise<void>;
}

async function main(argv: readonly string[], io: DeployIo): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const command = positionals[0] ?? 'apply';
  const allowed = COMMAND_FLAGS[command];
  if (!allowed) {
    const suggestion = closestMatch(command, Object.keys(COMMAND_FLAGS));
    throw new UsageError(
      `unknown command "${command}"${suggestion ? ` (did you mean ${suggestion}?)` : ''}: use apply, status, promote, rollback, gate or delete`,
    );
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}" after ${command}`);
  for (const flag of Object.keys(values) as Flag[]) {
    if (!COMMON.includes(flag) && !allowed.includes(flag)) throw new UsageError(`--${flag} does not apply to ${command}`);
  }
  if (values.overlay && values.file) throw new UsageError('--overlay and --file are alternatives: give one');
  const output = parseChoice(values.output ?? 'table', '--output', OUTPUT_FORMATS);
  const timeoutMs = parseDurationMs(values.timeout ?? '10m', '--timeout');
  const dryRun = values['dry-run'] === undefined ? undefined : parseChoice(values['dry-run'], '--dry-run', ['server', 'client'] as const);
  const canaryPercent = values.canary === undefined ? undefined : parseInteger(values.canary, '--canary', 0, 100);
  if (values.image) checkImageReference(values.image);
  const gate: GateSettings | undefined = values.prometheus
    ? {
        prometheusUrl: values.prometheus,
        windowMs: parseDurationMs(values.window ?? '10m', '--window'),
        maxErrorRate: parseRatio(values['max-error-rate'] ?? '0.01', '--max-error-rate'),
        maxP99Ms: parseDurationMs(values['max-p99'] ?? '30s', '--max-p99'),
      }
    : undefined;
  if (command === 'gate' && !gate) throw new UsageError('gate needs --prometheus URL');
  if (!gate && GATE.some((flag) => values[flag] !== undefined))
    throw new UsageError('--max-error-rate, --max-p99 and --window need --prometheus URL');

  // The objects come first: the overlay names the namespace and the InferenceService for every command.
  const overlay = values.overlay ?? 'dev';
  // Reading a service named by -n (and --name) needs no rendering, hence no kubectl.
  const needsObjects =
    command === 'apply' ||
    command === 'delete' ||
    values.overlay !== undefined ||
    values.file !== undefined ||
    !values.namespace ||
    (command !== 'status' && !values.name);
  const rendered = needsObjects
    ? await loadManifests(values.file ? { file: values.file } : { overlay }, { repositoryRoot, render: renderWithKubectl })
    : [];
  const isDevOverlay = !values.file && basename(overlay.replace(/\/+$/, '')) === 'dev';
  let objects: KubernetesObject[] = rendered;
  if (command === 'apply') {
    objects = applyRelease(rendered, {
      ...(values.image ? { image: values.image } : {}),
      sourceRevision: values['source-revision'] ?? (await gitRevision()),
      ...(canaryPercent === undefined ? {} : { canaryPercent }),
    });
    const mutable = imagesOf(objects).filter((image) => !isDigestReference(image));
    if (!values.file && !isDevOverlay && mutable.length > 0 && !values['allow-mutable-tag']) {
      throw new DeployError(
        `refusing to deploy ${mutable.join(', ')} to overlay ${overlay}: a tag can move, a digest cannot. ` +
          'Pass --image "$(scripts/push-ecr.sh)" (repo@sha256:...), or --allow-mutable-tag',
      );
    }
  }
  const services = objects.filter((object) => object.kind === 'InferenceService');

  if (dryRun === 'client') {
    const namespaced = objects.map((object) =>
      object.metadata?.namespace || object.kind === 'Namespace' || !values.namespace
        ? object
        : { ...object, metadata: { ...object.metadata, namespace: values.namespace } },
    );
    io.stdout.write(formatObjects(namespaced, values.output ? output : 'yaml', io.now()));
    return 0;
  }

  const kube = loadKubeContext({
    ...(values.kubeconfig ? { kubeconfigPath: values.kubeconfig } : {}),
    ...(values.context ? { context: values.context } : {}),
    env: io.env,
  });
  const overlayNamespace = services[0]?.metadata?.namespace ?? objects.find((object) => object.metadata?.namespace)?.metadata?.namespace;
  const namespace = values.namespace ?? overlayNamespace ?? kube.namespace ?? 'default';
  const deps: CommandDeps = {
    api: createKubernetesApi({ kubeConfig: kube.kubeConfig }),
    write: (text) => io.stdout.write(text),
    progress: createProgress({ stream: io.stderr, isTTY: io.isTTY }),
    now: io.now,
    sleep: io.sleep,
  };

  if (command === 'apply' || command === 'delete') {
    const conflicting = objects.find(
      (object) => values.namespace && object.metadata?.namespace && object.metadata.namespace !== values.namespace,
    );
    if (conflicting) {
      throw new DeployError(
        `the overlay puts ${conflicting.kind ?? 'its objects'} in namespace ${conflicting.metadata?.namespace ?? ''}, not ${values.namespace ?? ''}: drop -n, or pick the overlay for that namespace`,
      );
    }
    const placed = objects.map((object) =>
      object.metadata?.namespace || object.kind === 'Namespace' ? object : { ...object, metadata: { ...object.metadata, namespace } },
    );
    if (command === 'delete') await deleteCommand(placed, deps);
    else
      await applyCommand(
        {
          objects: placed,
          createNamespace: values['create-namespace'] ?? false,
          wait: !values['no-wait'],
          timeoutMs,
          ...(dryRun ? { dryRun: true } : {}),
          output,
        },
        deps,
      );
    return 0;
  }
  if (command === 'status') {
    const names = values.name
      ? [values.name]
      : values.overlay || values.file
        ? services.map((service) => service.metadata?.name ?? '')
        : [];
    await statusCommand({ namespace, names, output }, deps);
    return 0;
  }
  const name = values.name ?? services[0]?.metadata?.name;
  if (!name) throw new UsageError(`${command}: the objects hold no InferenceService: pass --name`);
  const rollout = { name, namespace, timeoutMs, wait: !values['no-wait'] };
  if (command === 'gate') await gateCommand({ ...rollout, gate: gate! }, deps);
  else if (command === 'promote') await promoteCommand({ ...rollout, ...(gate ? { gate } : {}) }, deps);
  else await rollbackCommand(rollout, deps);
  return 0;
}

/** Runs the deploy CLI on argv; resolves with the exit code, having printed one line on failure. */
export function deployProgram(argv: readonly string[], io: DeployIo): Promise<number> {
  return runCli(() => main(argv, io), { name: 'deploy', stderr: io.stderr });
}
