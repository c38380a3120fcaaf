/**
 * @module scripts/deploy/deploy-errors
 * The deploy CLI's failures, each with a message that tells the user what to do next.
 * Kubernetes API errors are translated here once, so every command reports them alike.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { CliError } from './cli-args.js';

/** A failure the CLI reports as one line and exit code 1 (no stack trace). */
export class DeployError extends CliError {
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

/** The object asked for does not exist (exit 1, like kubectl's NotFound). */
export class NotFoundError extends DeployError {
  override readonly name = 'NotFoundError';
}

/** The InferenceService did not become Ready in time. */
export class WaitTimeoutError extends DeployError {
  override readonly name = 'WaitTimeoutError';
}

/** Which API server and kubeconfig context a request went to: every connection error names both. */
export interface ClusterTarget {
  readonly server: string;
  readonly context: string;
}

const TLS_CODE = /^(ERR_SSL|ERR_TLS|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|EPROTO|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** The first `code` string along an error's cause chain (fetch hides the socket error in cause). */
function causeCodeOf(error: unknown): { code?: string; message?: string } {
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return { code, message: (current as Error).message };
  }
  return {};
}

/** A DeployError for a request that never got an HTTP answer, or undefined when it did. */
export function toConnectionError(error: unknown, { server, context }: ClusterTarget): DeployError | undefined {
  const where = `the Kubernetes API server ${server} (context "${context}")`;
  const message = error instanceof Error ? error.message : String(error);
  if (/HTTP protocol is not allowed/.test(message)) {
    return new DeployError(`${where} is plain http:// and the kubeconfig does not set insecure-skip-tls-verify: use its https:// address`, {
      cause: error,
    });
  }
  const { code, message: causeMessage } = causeCodeOf(error);
  if (!code) return undefined;
  if (code === 'ECONNREFUSED') {
    return new DeployError(
      `cannot connect to ${where}: connection refused. Is the cluster up, and is this the right context? (kubectl config get-contexts)`,
      { cause: error },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new DeployError(`cannot resolve the host of ${where}: check the kubeconfig's server address, or the VPN/DNS`, { cause: error });
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') {
    return new DeployError(`cannot reach ${where}: ${code}. Check the network path (VPN, security groups, private endpoint)`, {
      cause: error,
    });
  }
  if (TLS_CODE.test(code)) {
    return new DeployError(
      `TLS handshake with ${where} failed (${code}${causeMessage && !code.startsWith('ERR_SSL') ? `: ${causeMessage.split('\n')[0]}` : ''}): ` +
        "check the server address (is it https?) and the kubeconfig's certificate-authority-data",
      { cause: error },
    );
  }
  return undefined;
}

interface StatusBody {
  readonly message?: string;
  readonly reason?: string;
  readonly details?: { readonly kind?: string; readonly name?: string };
}

/** Describes an object as kubectl does: `inferenceservice/podcast-pipeline -n ns`. */
export function describeObject(object: KubernetesObject): string {
  const namespace = object.metadata?.namespace ? ` -n ${object.metadata.namespace}` : '';
  const kind = (object.kind ?? 'object').toLowerCase();
  return `${object.metadata?.name ? `${kind}/${object.metadata.name}` : `${kind}s`}${namespace}`;
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
export function toDeployError(error: unknown, object: KubernetesObject, action: string, target?: ClusterTarget): DeployError {
  if (error instanceof DeployError) return error;
  const connection = target ? toConnectionError(error, target) : undefined;
  if (connection) return connection;
  const where = target ? ` (${target.server}, context "${target.context}")` : '';
  const code = statusCodeOf(error);
  const body = statusBodyOf(error);
  if (code === 403) {
    return new ForbiddenError(
      `forbidden: cannot ${action} ${describeObject(object)}${where}: ${body?.message ?? 'access denied'}. ` +
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
    return new DeployError(
      `unauthorized: the API server${where} rejected the kubeconfig's credentials for ${action} ${describeObject(object)}: ` +
        'refresh them (aws eks update-kubeconfig, or a new token)',
      { cause: error },
    );
  }
  const detail = body?.message ?? (error instanceof Error ? error.message : String(error));
  return new DeployError(`cannot ${action} ${describeObject(object)}${where}: ${detail}`, { cause: error });
}
