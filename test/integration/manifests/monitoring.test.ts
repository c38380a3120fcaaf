import { expect } from 'chai';
import { describeWithKubectl, type RenderedObject, renderKustomize } from './render-kustomize.js';
import { objectsOfKind } from './inference-service-view.js';

describeWithKubectl('monitoring manifests', () => {
  const objects: RenderedObject[] = renderKustomize('monitoring');

  it('renders the PrometheusRule beside the PodMonitor', () => {
    expect(objectsOfKind(objects, 'PrometheusRule').map((object) => object.metadata.name)).to.deep.equal(['podcast-pipeline']);
  });

  it('scrapes /metrics on the port name of both deployment modes', () => {
    const [monitor] = objectsOfKind(objects, 'PodMonitor') as (RenderedObject & { spec: { selector: { matchLabels: object }; podMetricsEndpoints: { port: string; path: string }[] } })[];

    expect(monitor?.spec.selector.matchLabels).to.deep.equal({ 'serving.kserve.io/inferenceservice': 'podcast-pipeline' });
    expect(monitor?.spec.podMetricsEndpoints.map((endpoint) => `${endpoint.port} ${endpoint.path}`)).to.deep.equal(['user-port /metrics', 'http1 /metrics']);
  });

  it('ships the Grafana dashboard as a ConfigMap the dashboard sidecar picks up', () => {
    const [configMap] = objectsOfKind(objects, 'ConfigMap');
    const dashboard = JSON.parse((configMap?.data as Record<string, string>)['podcast-pipeline.json'] ?? '{}') as { uid?: string; panels?: unknown[] };

    expect(configMap?.metadata.labels?.grafana_dashboard).to.equal('1');
    expect(dashboard.uid).to.equal('podcast-pipeline');
    expect(dashboard.panels?.length).to.be.greaterThan(5);
  });
});
