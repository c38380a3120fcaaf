import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { load } from 'js-yaml';
import { describeWithKubectl, manifestsRoot, type RenderedObject, renderKustomize } from './render-kustomize.js';
import { objectsOfKind } from './inference-service-view.js';

interface Application extends RenderedObject {
  spec: { project: string; source: { path: string; targetRevision: string }; destination: { namespace: string }; syncPolicy: { automated?: { prune?: boolean; selfHeal?: boolean }; syncOptions?: string[] } };
}
interface AppProject extends RenderedObject {
  spec: { destinations: { namespace: string }[]; namespaceResourceWhitelist: { group: string; kind: string }[] };
}

describeWithKubectl('Argo CD manifests', () => {
  const objects = renderKustomize('argocd');
  const applications = objectsOfKind(objects, 'Application') as Application[];
  const [project] = objectsOfKind(objects, 'AppProject') as AppProject[];

  it('syncs automatically with prune and selfHeal, server-side, creating the namespace', () => {
    expect(applications.length).to.be.at.least(1);
    for (const application of applications) {
      expect(application.metadata.namespace).to.equal('argocd');
      expect(application.spec.project).to.equal(project?.metadata.name);
      expect(application.spec.syncPolicy.automated).to.deep.equal({ prune: true, selfHeal: true });
      expect(application.spec.syncPolicy.syncOptions).to.include.members(['CreateNamespace=true', 'ServerSideApply=true']);
    }
  });

  it('points every Application at a directory that renders, into the namespace its objects use', () => {
    for (const application of applications) {
      const directory = application.spec.source.path.replace(/^manifests\//, '');
      const synced = renderKustomize(directory);

      const namespaces = new Set(synced.map((object) => object.metadata.namespace));
      expect([...namespaces], application.metadata.name).to.deep.equal([application.spec.destination.namespace]);
    }
  });

  it('lets the AppProject deploy every kind the Applications sync, and nothing more', () => {
    const allowed = new Set(project?.spec.namespaceResourceWhitelist.map((entry) => `${entry.group}/${entry.kind}`));
    const synced = applications.flatMap((application) => renderKustomize(application.spec.source.path.replace(/^manifests\//, '')));
    const kinds = new Set(synced.map((object) => `${object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : ''}/${object.kind}`));

    expect([...kinds].filter((kind) => !allowed.has(kind))).to.deep.equal([]);
    expect([...allowed].filter((kind) => !kinds.has(kind))).to.deep.equal([]);
  });

  it('watches the overlay whose image CI bumps, which names the podcast-pipeline image', () => {
    const workflow = readFileSync(new URL('../../../.github/workflows/ci.yml', import.meta.url), 'utf8');
    const predictorApplication = applications.find((application) => application.spec.source.path.startsWith('manifests/overlays/'));
    const kustomization = load(readFileSync(`${manifestsRoot}${predictorApplication?.spec.source.path.replace(/^manifests\//, '')}/kustomization.yaml`, 'utf8')) as { images?: { name: string }[] };

    expect(workflow).to.include(`GITOPS_OVERLAY: ${predictorApplication?.spec.source.path}`);
    expect(kustomization.images?.map((image) => image.name)).to.deep.equal(['podcast-pipeline']);
  });
});
