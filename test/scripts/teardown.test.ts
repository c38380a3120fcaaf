import { expect } from 'chai';
import { programsOf, repositoryRoot, runScript } from './run-script.js';

describe('teardown.sh', () => {
  it('deletes the overlay objects with kubectl delete -k, tolerating absent ones', async () => {
    const result = await runScript('teardown.sh', ['--overlay', 'dev']);

    expect(result.code, result.stderr).to.equal(0);
    expect(result.calls).to.deep.equal([
      `kubectl delete -k ${repositoryRoot}manifests/overlays/dev --ignore-not-found=true --wait=true --timeout=5m`,
    ]);
  });

  it('refuses to delete a namespace or the ECR repository without --yes', async () => {
    const result = await runScript('teardown.sh', ['--delete-namespace', 'podcast-pipeline-dev']);

    expect(result.code).to.equal(1);
    expect(result.stderr).to.include('add --yes');
    expect(result.calls).to.deep.equal([]);
  });

  it('deletes the namespace and an existing ECR repository when confirmed', async () => {
    const result = await runScript(
      'teardown.sh',
      ['--delete-namespace', 'podcast-pipeline-dev', '--delete-ecr-repository', 'podcast-pipeline', '--region', 'eu-west-1', '--yes'],
      { STUB_AWS_REPO_EXISTS: '1' },
    );

    expect(result.code, result.stderr).to.equal(0);
    expect(programsOf(result.calls)).to.deep.equal([
      `kubectl delete ${repositoryRoot}manifests/overlays/dev`,
      'kubectl delete namespace',
      'aws ecr describe-repositories',
      'aws ecr delete-repository',
    ]);
    expect(result.calls.at(-1)).to.include('--repository-name podcast-pipeline --force');
  });

  it('skips an ECR repository that does not exist', async () => {
    const result = await runScript('teardown.sh', ['--delete-ecr-repository', 'podcast-pipeline', '--region', 'eu-west-1', '--yes']);

    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.include('does not exist');
    expect(result.calls.some((call) => call.includes('delete-repository'))).to.equal(false);
  });

  it('prints the commands and runs none in a dry run', async () => {
    const result = await runScript('teardown.sh', ['--overlay', 'prod', '--delete-namespace', 'podcast-pipeline', '--yes', '--dry-run']);

    expect(result.code).to.equal(0);
    expect(result.calls).to.deep.equal([]);
    expect(result.stderr).to.include('[dry-run] kubectl delete namespace podcast-pipeline');
  });
});
