/**
 * @module scripts/deploy/kube-context
 * Finds the cluster as kubectl does: --kubeconfig, else $KUBECONFIG (a list of files), else
 * ~/.kube/config, else the in-cluster service account; then --context. A missing file or an
 * unknown context is one line naming what was looked at, instead of client-node's fallback to
 * http://localhost:8080.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { DeployError, type ClusterTarget } from './deploy-errors.js';

export interface KubeContextOptions {
  /** --kubeconfig PATH */
  readonly kubeconfigPath?: string;
  /** --context NAME */
  readonly context?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home?: string;
}

export interface KubeContext extends ClusterTarget {
  readonly kubeConfig: KubeConfig;
  /** The context's namespace, when it names one. */
  readonly namespace?: string;
}

/** Loads the kubeconfig and selects the context; throws DeployError with the fix. */
export function loadKubeContext({ kubeconfigPath, context, env, home = homedir() }: KubeContextOptions): KubeContext {
  const kubeConfig = new KubeConfig();
  const listed = kubeconfigPath ? [kubeconfigPath] : (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  const candidates = listed.length > 0 ? listed : [join(home, '.kube', 'config')];
  const present = candidates.filter((path) => existsSync(path));
  if (kubeconfigPath && present.length === 0) throw new DeployError(`--kubeconfig ${kubeconfigPath}: no such file`);
  try {
    if (present.length > 0) {
      // loadFromDefault merges every file of $KUBECONFIG as kubectl does; one path is one file.
      if (kubeconfigPath || present.length === 1) kubeConfig.loadFromFile(present[0] ?? '');
      else kubeConfig.loadFromDefault({}, false);
    } else if (env.KUBERNETES_SERVICE_HOST) {
      kubeConfig.loadFromCluster();
    } else {
      throw new DeployError(
        `no kubeconfig: looked in ${candidates.join(', ')}. Point KUBECONFIG or --kubeconfig at one (for EKS: aws eks update-kubeconfig --name CLUSTER)`,
      );
    }
  } catch (error) {
    if (error instanceof DeployError) throw error;
    throw new DeployError(`cannot read the kubeconfig ${present.join(', ')}: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  if (context) {
    if (!kubeConfig.getContextObject(context)) {
      const known = kubeConfig.getContexts().map((entry) => entry.name);
      throw new DeployError(
        `context "${context}" is not in the kubeconfig (${present.join(', ') || 'in-cluster'}); it has: ${known.join(', ') || 'none'}`,
      );
    }
    kubeConfig.setCurrentContext(context);
  }
  const current = kubeConfig.getCurrentContext();
  const cluster = kubeConfig.getCurrentCluster();
  if (!current || !cluster) {
    throw new DeployError(
      `the kubeconfig (${present.join(', ')}) has no current context: pass --context or run kubectl config use-context NAME`,
    );
  }
  const namespace = kubeConfig.getContextObject(current)?.namespace;
  return { kubeConfig, context: current, server: cluster.server, ...(namespace ? { namespace } : {}) };
}
