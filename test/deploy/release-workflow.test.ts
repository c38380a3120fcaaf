/**
 * The CI workflow's release chain: build, scan, push, then canary, gate, promote (rollback on
 * failure) on main, with AWS credentials from OIDC and no stored keys.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { load } from 'js-yaml';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, string>;
}
interface Job {
  readonly needs?: string | string[];
  readonly if?: string;
  readonly permissions?: Record<string, string>;
  readonly steps: Step[];
}

const text = readFileSync(new URL('../../.github/workflows/ci.yml', import.meta.url), 'utf8');
const workflow = load(text) as { jobs: Record<string, Job> };

/** Index of the first step whose run or uses matches. */
function stepIndex(job: Job, pattern: RegExp): number {
  return job.steps.findIndex((step) => pattern.test(step.run ?? '') || pattern.test(step.uses ?? ''));
}

describe('release workflow (.github/workflows/ci.yml)', () => {
  it('builds, scans, then pushes by digest', () => {
    const image = workflow.jobs.image!;
    const order = [/scripts\/build\.sh/, /aquasecurity\/trivy-action/, /scripts\/push-ecr\.sh/].map((pattern) => stepIndex(image, pattern));
    expect(order.every((index) => index >= 0)).to.equal(true);
    expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
    expect(image.steps.find((step) => step.uses?.startsWith('aquasecurity/trivy-action') && step.with?.['exit-code'] === '1')).to.not.equal(
      undefined,
    );
  });

  it('deploys the pushed reference on main as a canary, gates, promotes, and rolls back on failure', () => {
    const deploy = workflow.jobs.deploy!;
    expect(deploy.needs).to.equal('image');
    expect(deploy.if).to.include("github.ref == 'refs/heads/main'");
    const canary = stepIndex(deploy, /npm run deploy -- --overlay "\$OVERLAY" --image "\$IMAGE_REF" --canary \d+/);
    const gate = stepIndex(deploy, /npm run deploy -- gate .*--prometheus/);
    const promote = stepIndex(deploy, /npm run deploy -- promote/);
    expect([canary, gate, promote].every((index) => index >= 0)).to.equal(true);
    expect(canary < gate && gate < promote).to.equal(true);
    const rollback = deploy.steps.find((step) => /npm run deploy -- rollback/.test(step.run ?? ''));
    expect(rollback?.if).to.equal('failure()');
  });

  it('gets AWS credentials only through OIDC role assumption', () => {
    for (const name of ['image', 'deploy']) {
      const job = workflow.jobs[name]!;
      expect(job.permissions?.['id-token'], name).to.equal('write');
      const credentials = job.steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      expect(credentials?.with?.['role-to-assume'], name).to.match(/^\$\{\{ vars\.[A-Z_]+ \}\}$/);
    }
    expect(text).not.to.match(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\.AWS/i);
  });
});
