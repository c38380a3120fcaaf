import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DeployError } from '../../scripts/deploy/deploy-errors.js';
import { loadManifests, orderForApply, parseManifests } from '../../scripts/deploy/load-manifests.js';

const twoObjects = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: podcast-pipeline
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: elsewhere
`;

describe('loadManifests', () => {
  it('renders a named overlay under manifests/overlays and fills in the default namespace', async () => {
    const rendered: string[] = [];

    const objects = await loadManifests(
      { overlay: 'prod', namespace: 'team-a' },
      { repositoryRoot: '/repo', render: async (directory) => (rendered.push(directory), twoObjects) },
    );

    expect(rendered).to.deep.equal(['/repo/manifests/overlays/prod']);
    expect(objects.map((object) => object.metadata?.namespace)).to.deep.equal(['team-a', 'elsewhere']);
  });

  it('reads a YAML file instead when one is given', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'manifests-'));
    const file = join(directory, 'objects.yaml');
    writeFileSync(file, twoObjects);
    try {
      const objects = await loadManifests({ file }, { repositoryRoot: '/repo', render: () => Promise.reject(new Error('not called')) });

      expect(objects.map((object) => object.kind)).to.deep.equal(['InferenceService', 'ConfigMap']);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('rejects a document that is not a Kubernetes object, naming its position', () => {
    expect(() => parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nfoo: bar\n', 'x.yaml')).to.throw(
      DeployError,
      'x.yaml: document 2 is not a Kubernetes object',
    );
  });
});

describe('orderForApply', () => {
  it('puts namespaces, identities and config before workloads, keeping the rest in order', () => {
    const kinds = ['InferenceService', 'PodMonitor', 'ConfigMap', 'ServiceAccount', 'Namespace'].map((kind) => ({ kind }));

    expect(orderForApply(kinds).map((object) => object.kind)).to.deep.equal([
      'Namespace',
      'ServiceAccount',
      'ConfigMap',
      'InferenceService',
      'PodMonitor',
    ]);
  });
});
