import { expect } from 'chai';
import { formatAge, formatStatusTable } from '../../scripts/deploy/status-table.js';
import type { InferenceServiceObject } from '../../scripts/deploy/inference-service-status.js';

describe('formatStatusTable', () => {
  it('prints the columns of kubectl get inferenceservice, including a canary rollout', () => {
    const service: InferenceServiceObject = {
      metadata: { name: 'podcast-pipeline', creationTimestamp: new Date('2026-01-01T00:00:00Z') },
      status: {
        url: 'http://podcast-pipeline.ns.example.com',
        conditions: [{ type: 'Ready', status: 'True' }],
        components: {
          predictor: {
            latestReadyRevision: 'podcast-pipeline-predictor-00002',
            traffic: [
              { tag: 'prev', revisionName: 'podcast-pipeline-predictor-00001', percent: 90 },
              { revisionName: 'podcast-pipeline-predictor-00002', latestRevision: true, percent: 10 },
            ],
          },
        },
      },
    };

    const table = formatStatusTable([service], Date.parse('2026-01-03T00:00:00Z'));

    expect(table).to.equal(
      'NAME               URL                                      READY   PREV   LATEST   PREVROLLEDOUTREVISION              LATESTREADYREVISION                AGE\n' +
        'podcast-pipeline   http://podcast-pipeline.ns.example.com   True    90     10       podcast-pipeline-predictor-00001   podcast-pipeline-predictor-00002   2d\n' +
        'traffic of podcast-pipeline:\n' +
        '  podcast-pipeline-predictor-00002   10%  latest\n' +
        '  podcast-pipeline-predictor-00001   90%  prev\n',
    );
  });

  it('never shows traffic on a revision that is not Ready: it is listed at 0%, the Ready one keeps its share', () => {
    const service: InferenceServiceObject = {
      metadata: { name: 'podcast-pipeline', generation: 2 },
      status: {
        observedGeneration: 2,
        conditions: [{ type: 'Ready', status: 'True' }],
        components: {
          predictor: {
            latestCreatedRevision: 'podcast-pipeline-predictor-00002',
            latestReadyRevision: 'podcast-pipeline-predictor-00001',
            // Knative routes the "latest" target to the newest Ready revision: the old one.
            traffic: [{ tag: 'latest', revisionName: 'podcast-pipeline-predictor-00001', latestRevision: true, percent: 100 }],
          },
        },
      },
    };

    const [, row = '', ...traffic] = formatStatusTable([service], 0).split('\n');

    expect(row).to.match(/^podcast-pipeline\s+Unknown\s+100\s+0\s+podcast-pipeline-predictor-00001\s+podcast-pipeline-predictor-00001\s/);
    expect(traffic.join('\n')).to.equal(
      'traffic of podcast-pipeline:\n  podcast-pipeline-predictor-00002    0%  latest (not Ready)\n  podcast-pipeline-predictor-00001  100%\n',
    );
  });

  it('leaves the status columns empty before the controller reports any', () => {
    const table = formatStatusTable([{ metadata: { name: 'fresh' } }], 0);

    const [header = '', row = ''] = table.split('\n');
    expect(row).to.match(/^fresh\s+<unknown>$/);
    expect(row.indexOf('<unknown>')).to.equal(header.indexOf('AGE'));
  });
});

describe('formatAge', () => {
  it('follows kubectl: seconds, then minutes and seconds, minutes, hours and minutes, hours, days', () => {
    expect([45, 150, 900, 3 * 3600 + 600, 20 * 3600, 5 * 86400].map((seconds) => formatAge(seconds * 1000))).to.deep.equal([
      '45s',
      '2m30s',
      '15m',
      '3h10m',
      '20h',
      '5d',
    ]);
  });
});
