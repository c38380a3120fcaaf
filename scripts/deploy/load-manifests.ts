/**
 * @module scripts/deploy/load-manifests
 * Where the deploy CLI's objects come from: a kustomize overlay rendered by `kubectl
 * kustomize` (kustomize has no JavaScript implementation) or a YAML file, ordered so that
 * what the InferenceService refers to exists before it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadAll } from 'js-yaml';
import type { KubernetesObject } from '@kubernetes/client-node';
import { DeployError } from './deploy-errors.js';

/** Renders a kustomize directory to multi-document YAML. */
export type RenderKustomize = (directory: string) => Promise<string>;

/** `kubectl kustomize DIR` (kubectl's built-in kustomize, no cluster access). */
export const renderWithKubectl: RenderKustomize = async (directory) => {
  try {
    const { stdout } = await promisify(execFile)('kubectl', ['kustomize', directory], { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const detail =
      (error as { stderr?: string; code?: unknown }).code === 'ENOENT'
        ? 'kubectl is not on PATH (kubectl >= 1.27 renders kustomize without a cluster)'
        : // kubectl logs `E1204 ... "command failed" err="..."`: the quoted err is the message.
          (/err="((?:[^"\\]|\\.)*)"/.exec(String((error as { stderr?: string }).stderr))?.[1]?.replace(/\\"/g, '"') ??
          String((error as { stderr?: string }).stderr ?? error).trim());
    throw new DeployError(`cannot render ${directory}: ${detail}`, { cause: error });
  }
};

/** The repository root above a module (found by its manifests/ folder), from src or from dist alike. */
export function findRepositoryRoot(moduleUrl: string): string {
  let directory = dirname(fileURLToPath(moduleUrl));
  while (!existsSync(join(directory, 'manifests', 'overlays'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new DeployError(`no manifests/overlays above ${fileURLToPath(moduleUrl)}: run from the repository`);
    directory = parent;
  }
  return directory;
}

// Namespaces and identities first, config next, workloads and their policies last.
const APPLY_ORDER = ['Namespace', 'ServiceAccount', 'Secret', 'ConfigMap', 'PodDisruptionBudget', 'NetworkPolicy'];

/** Sorts objects for apply: dependencies first, the rest in their original order. */
export function orderForApply(objects: readonly KubernetesObject[]): KubernetesObject[] {
  const rank = (object: KubernetesObject): number => {
    const index = APPLY_ORDER.indexOf(object.kind ?? '');
    return index === -1 ? APPLY_ORDER.length : index;
  };
  return objects
    .map((object, index) => ({ object, index }))
    .sort((a, b) => rank(a.object) - rank(b.object) || a.index - b.index)
    .map(({ object }) => object);
}

/** Parses multi-document YAML into objects, rejecting documents that are not Kubernetes objects. */
export function parseManifests(yamlText: string, source: string): KubernetesObject[] {
  const documents = loadAll(yamlText).filter((document) => document !== null && document !== undefined);
  return documents.map((document, index) => {
    const object = document as KubernetesObject;
    if (typeof object !== 'object' || !object.apiVersion || !object.kind || !object.metadata?.name) {
      throw new DeployError(`${source}: document ${index + 1} is not a Kubernetes object (apiVersion, kind, metadata.name)`);
    }
    return object;
  });
}

export interface ManifestSource {
  /** An overlay name under manifests/overlays (dev, prod, ...) or a kustomize directory path. */
  readonly overlay?: string;
  /** A YAML file of objects, instead of an overlay. */
  readonly file?: string;
  /** Namespace for namespaced objects that name none. */
  readonly namespace?: string;
}

export interface LoadManifestsDeps {
  readonly repositoryRoot: string;
  readonly render: RenderKustomize;
}

/** Loads the objects to deploy and fills in the default namespace. */
export async function loadManifests(source: ManifestSource, { repositoryRoot, render }: LoadManifestsDeps): Promise<KubernetesObject[]> {
  let yamlText: string;
  let label: string;
  if (source.file) {
    label = source.file;
    yamlText = await readFile(source.file, 'utf8').catch((error: unknown) => {
      throw new DeployError(`cannot read ${source.file}: ${(error as Error).message}`, { cause: error });
    });
  } else {
    const overlay = source.overlay ?? 'dev';
    label = overlay.includes('/') || isAbsolute(overlay) ? resolve(overlay) : join(repositoryRoot, 'manifests', 'overlays', overlay);
    yamlText = await render(label);
  }
  const objects = parseManifests(yamlText, label);
  if (objects.length === 0) throw new DeployError(`${label} holds no objects`);
  return objects.map((object) => {
    if (object.metadata?.namespace || !source.namespace || object.kind === 'Namespace') return object;
    return { ...object, metadata: { ...object.metadata, namespace: source.namespace } };
  });
}
