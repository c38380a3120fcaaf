/**
 * @module scripts/deploy/deploy-cli
 * `npm run deploy -- [apply|status|delete] [options]`: deploys the predictor to the cluster
 * of the current kubeconfig context. See `--help` and docs/deployment.md.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { applyCommand, deleteCommand, statusCommand, type CommandDeps } from './deploy-commands.js';
import { DeployError } from './deploy-errors.js';
import { createKubernetesApi } from './kubernetes-api.js';
import { loadManifests, renderWithKubectl } from './load-manifests.js';
import { parseDurationMs } from './parse-duration.js';

const USAGE = `Usage: npm run deploy -- [apply|status|delete] [options]

Commands:
  apply (default)  server-side apply the overlay's objects, wait for the InferenceService
                   to be Ready, print its URL and status
  status           print the InferenceService table (like kubectl get inferenceservice)
  delete           delete the overlay's objects (InferenceService first)

Options:
  --overlay NAME|DIR   overlay under manifests/overlays, or a kustomize dir   (dev)
  --file PATH          a YAML file of objects instead of an overlay
  --namespace NS       namespace for objects without one; for status       (overlay's, else context's)
  --name NAME          status: one InferenceService                          (all)
  --context NAME       kubeconfig context                                     (current)
  --create-namespace   apply: create the namespace first
  --timeout DURATION   apply: how long to wait for Ready                      (10m)
  --no-wait            apply: return once the objects are applied
  --dry-run            apply: server-side dry run (validates, stores nothing)
  -h, --help
`;

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      overlay: { type: 'string' },
      file: { type: 'string' },
      namespace: { type: 'string' },
      name: { type: 'string' },
      context: { type: 'string' },
      'create-namespace': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '10m' },
      'no-wait': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const command = positionals[0] ?? 'apply';
  if (!['apply', 'status', 'delete'].includes(command) || positionals.length > 1) {
    process.stderr.write(`deploy: unknown command "${positionals.join(' ')}"\n\n${USAGE}`);
    return 2;
  }

  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  if (values.context) kubeConfig.setCurrentContext(values.context);
  if (!kubeConfig.getCurrentCluster()) {
    throw new DeployError('no Kubernetes cluster configured: set KUBECONFIG or run e.g. aws eks update-kubeconfig');
  }
  const contextNamespace = kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace ?? 'default';
  const deps: CommandDeps = {
    api: createKubernetesApi({ kubeConfig }),
    write: (text) => process.stdout.write(text),
    now: () => Date.now(),
    sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
  };

  if (command === 'status') {
    await statusCommand({ namespace: values.namespace ?? contextNamespace, ...(values.name ? { name: values.name } : {}) }, deps);
    return 0;
  }
  const objects = await loadManifests(
    {
      ...(values.overlay ? { overlay: values.overlay } : {}),
      ...(values.file ? { file: values.file } : {}),
      namespace: values.namespace ?? contextNamespace,
    },
    { repositoryRoot, render: renderWithKubectl },
  );
  if (command === 'delete') {
    await deleteCommand(objects, deps);
    return 0;
  }
  await applyCommand(
    {
      objects,
      createNamespace: values['create-namespace'],
      wait: !values['no-wait'],
      timeoutMs: parseDurationMs(values.timeout),
      dryRun: values['dry-run'],
    },
    deps,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Expected failures print one actionable line; anything else is a bug worth its stack.
    const known =
      error instanceof DeployError || error instanceof RangeError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
    process.stderr.write(`deploy: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
    process.exitCode = 1;
  },
);
