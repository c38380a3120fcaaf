/**
 * @module scripts/deploy/kubernetes-api
 * The few Kubernetes calls the deploy CLI makes, on `@kubernetes/client-node`'s generic
 * object API: server-side apply, read, list and delete of any kind. A missing CRD, a missing
 * namespace and RBAC refusals become DeployErrors with the fix in their message.
 */
import { KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { MissingCrdError, statusCodeOf, toDeployError, type ClusterTarget } from './deploy-errors.js';

/** What the deploy commands need from a cluster. */
export interface KubernetesApi {
  /** Server-side apply (`kubectl apply --server-side --force-conflicts`); returns the live object. */
  apply(object: KubernetesObject, options?: { readonly dryRun?: boolean }): Promise<KubernetesObject>;
  /** The live object, or undefined when it does not exist. */
  read(object: KubernetesObject): Promise<KubernetesObject | undefined>;
  /** Every object of a kind in a namespace. */
  list(apiVersion: string, kind: string, namespace: string): Promise<KubernetesObject[]>;
  /** Deletes the object; 'absent' when it was not there (idempotent). */
  remove(object: KubernetesObject): Promise<'deleted' | 'absent'>;
  /** JSON merge patch (RFC 7386) of an existing object; null in the patch removes a field. */
  mergePatch(object: KubernetesObject, patch: object): Promise<KubernetesObject>;
  /** The API server and context the requests go to, for messages. */
  readonly target: ClusterTarget;
}

export interface KubernetesApiOptions {
  readonly kubeConfig: KubeConfig;
  /** Field manager recorded by server-side apply (who owns the fields). */
  readonly fieldManager?: string;
}

// client-node keeps its discovery lookup protected; this subclass only makes it callable.
class DiscoveringObjectApi extends KubernetesObjectApi {
  discover(apiVersion: string, kind: string): Promise<unknown> {
    return this.resource(apiVersion, kind);
  }
}

/** Builds the KubernetesApi on a loaded kubeconfig. */
export function createKubernetesApi({ kubeConfig, fieldManager = 'podcast-pipeline-deploy' }: KubernetesApiOptions): KubernetesApi {
  const objects = kubeConfig.makeApiClient(DiscoveringObjectApi);
  const target: ClusterTarget = {
    server: kubeConfig.getCurrentCluster()?.server ?? '(no server)',
    context: kubeConfig.getCurrentContext(),
  };

  // Discovery first: a 404 here means the API group (the CRD) is not installed, which
  // would otherwise surface as an obscure "Unrecognized API version and kind" error.
  async function ensureKind(object: KubernetesObject, action: string): Promise<void> {
    const apiVersion = object.apiVersion ?? '';
    const kind = object.kind ?? '';
    let resource: unknown;
    try {
      resource = await objects.discover(apiVersion, kind);
    } catch (error) {
      if (statusCodeOf(error) !== 404) throw toDeployError(error, object, action, target);
    }
    if (!resource) {
      const hint = apiVersion.startsWith('serving.kserve.io/')
        ? ' Install KServe (and its CRDs) first: docs/deployment.md, step 2.'
        : ' Install the operator that provides it first.';
      throw new MissingCrdError(`the cluster has no ${kind} (${apiVersion}): its CRD is not installed.${hint}`);
    }
  }

  return {
    target,
    async mergePatch(object, patch) {
      await ensureKind(object, 'patch');
      const body = {
        apiVersion: object.apiVersion,
        kind: object.kind,
        metadata: { name: object.metadata?.name, namespace: object.metadata?.namespace },
        ...patch,
      };
      try {
        return await objects.patch(body as KubernetesObject, undefined, undefined, fieldManager, undefined, PatchStrategy.MergePatch);
      } catch (error) {
        throw toDeployError(error, object, 'patch', target);
      }
    },
    async apply(object, { dryRun = false } = {}) {
      await ensureKind(object, 'patch');
      try {
        return await objects.patch(object, undefined, dryRun ? 'All' : undefined, fieldManager, true, PatchStrategy.ServerSideApply);
      } catch (error) {
        throw toDeployError(error, object, 'patch', target);
      }
    },
    async read(object) {
      await ensureKind(object, 'get');
      try {
        return await objects.read({
          apiVersion: object.apiVersion ?? '',
          kind: object.kind ?? '',
          metadata: { name: object.metadata?.name ?? '', namespace: object.metadata?.namespace ?? '' },
        });
      } catch (error) {
        if (statusCodeOf(error) === 404) return undefined;
        throw toDeployError(error, object, 'get', target);
      }
    },
    async list(apiVersion, kind, namespace) {
      const probe = { apiVersion, kind, metadata: { name: '', namespace } };
      await ensureKind(probe, 'list');
      try {
        const response = await objects.list(apiVersion, kind, namespace);
        return response.items;
      } catch (error) {
        throw toDeployError(error, probe, 'list', target);
      }
    },
    async remove(object) {
      await ensureKind(object, 'delete');
      try {
        await objects.delete(object, undefined, undefined, undefined, undefined, 'Foreground');
        return 'deleted';
      } catch (error) {
        if (statusCodeOf(error) === 404) return 'absent';
        throw toDeployError(error, object, 'delete', target);
      }
    },
  };
}
