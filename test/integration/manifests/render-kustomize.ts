/**
 * @module test/integration/manifests/render-kustomize
 * Renders a kustomize directory of manifests/ with `kubectl kustomize` (kustomize has no
 * JavaScript implementation to call in process). Suites that render go through
 * `describeWithKubectl`: on a machine without kubectl they are reported as one pending test
 * saying why, unless CI=true (.ci/run installs kubectl), where a missing kubectl fails.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';
import { findProgram, isCiRun } from '../support/find-program.js';

export const manifestsRoot = fileURLToPath(new URL('../../../manifests/', import.meta.url));

/** A rendered object, loosely typed: tests read nested fields by path. */
export type RenderedObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } } & Record<string, unknown>;

/** The objects of manifests/<directory> as kubectl kustomize renders them. */
export function renderKustomize(directory: string): RenderedObject[] {
  let output: string;
  try {
    output = execFileSync('kubectl', ['kustomize', join(manifestsRoot, directory)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') {
      throw new Error('kubectl is not on PATH: the manifest tests render kustomize with `kubectl kustomize` (kubectl >= 1.27)', { cause: error });
    }
    throw new Error(`kubectl kustomize ${directory} failed: ${(error as { stderr?: string }).stderr ?? error}`, { cause: error });
  }
  return loadAll(output).filter(Boolean) as RenderedObject[];
}

/** The directories under manifests/ that render on their own. */
export const RENDERED_DIRECTORIES = [
  'base',
  'overlays/dev',
  'overlays/prod',
  'overlays/prod-us-east-1',
  'overlays/prod-eu-west-1',
  'overlays/standard',
  'overlays/standard-keda',
  'monitoring',
  'argocd',
] as const;

/**
 * `describe` for a suite that renders manifests (its body may render while mocha collects
 * tests). Without kubectl on PATH, and CI not true, the body never runs: the suite holds one
 * pending test that says why.
 */
export function describeWithKubectl(title: string, body: () => void): void {
  if (findProgram('kubectl') !== undefined || isCiRun()) {
    describe(title, body);
    return;
  }
  describe(title, () => {
    it('skipped: no kubectl on PATH; install kubectl (>= 1.27) to render the manifests');
  });
}
