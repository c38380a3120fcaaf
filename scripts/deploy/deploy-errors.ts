/**
 * @module scripts/deploy/deploy-errors
 * The deploy CLI's failures, each with a message that tells the user what to do next.
 * Kubernetes API errors are translated here once, so every command reports them alike.
 */
import type { KubernetesObject } from '@kubernetes/client-node';

/** A failure the CLI reports as one line and exit code 1 (no stack trace). */
export class DeployError extends Error {
  override readonly name: string = 'DeployError';
}

/** The cluster has no such kind: its CRD (here KServe's) is not installed. */
export class MissingCrdError extends DeployError {
  override readonly name = 'MissingCrdError';
}

/** The namespace the object belongs in does not exist. */
export class MissingNamespaceError extends DeployError {
  override readonly name = 'MissingNamespaceError';
}

/** RBAC refused the request. */
export class ForbiddenError extends DeployError {
  override readonly name = 'ForbiddenError';
}

/** The InferenceService did not become Ready in time. */
export class WaitTimeoutError extends DeployError {
  override readonly name = 'WaitTimeoutError';
}

interface StatusBody {
  readonly message?: string;
  readonly reason?: string;
  readonly details?: { readonly kind?: string; readonly name?: string };
}

/** Describes an object as kubectl does: `inferenceservice/podcast-pipeline -n ns`. */
export function describeObject(object: KubernetesObject): string {
  const namespace = object.metadata?.namespace ? ` -n ${object.metadata.namespace}` : '';
  return `${(object.kind ?? 'object').toLowerCase()}/${object.metadata?.name ?? '?'}${namespace}`;
}

function statusBodyOf(error: unknown): StatusBody | undefined {
  const body = (error as { body?: unknown }).body;
  if (typeof body === 'object' && body !== null) return body;
  if (typeof body !== 'string') return undefined;
  try {
    return JSON.parse(body) as StatusBody;
  } catch {
    return undefined;
  }
}

/** The HTTP status of a client-node ApiException, or undefined for any other error. */
export function statusCodeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Turns an error from the Kubernetes API into a DeployError naming the object and the fix.
 * `action` is the verb the user would look for in RBAC rules (patch, get, delete).
 */
export function toDeployError(error: unknown, object: KubernetesObject, action: string): DeployError {
  if (error instanceof DeployError) return error;
  const code = statusCodeOf(error);
  const body = statusBodyOf(error);
  const target = describeObject(object);
  if (code === 403) {
    return new ForbiddenError(
      `forbidden: cannot ${action} ${target}: ${body?.message ?? 'access denied'}. ` +
        'Ask for a Role that allows it (see docs/deployment.md, "Permissions").',
      { cause: error },
    );
  }
  if (code === 404 && body?.details?.kind === 'namespaces') {
    return new MissingNamespaceError(
      `namespace "${body.details.name ?? object.metadata?.namespace}" does not exist: ` +
        'create it (kubectl create namespace NAME) or pass --create-namespace',
      { cause: error },
    );
  }
  if (code === 401) {
    return new DeployError('unauthorized: the kubeconfig credentials were rejected (expired token?)', { cause: error });
  }
  const detail = body?.message ?? (error instanceof Error ? error.message : String(error));
  return new DeployError(`cannot ${action} ${target}: ${detail}`, { cause: error });
}
