import { expect } from 'chai';
import { programsOf, runScript } from './run-script.js';

const image = 'podcast-pipeline:0a1b2c3d4e5f';
const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const stubDigest = `sha256:${'ab'.repeat(32)}`;
const region = { AWS_REGION: 'us-east-1' };

describe('push-ecr.sh', () => {
  it('creates a missing repository, logs in, tags, pushes and prints the digest, in that order', async () => {
    const result = await runScript('push-ecr.sh', ['--image', image], region);

    expect(result.code, result.stderr).to.equal(0);
    expect(programsOf(result.calls)).to.deep.equal([
      'aws sts get-caller-identity',
      'aws ecr describe-repositories',
      'aws ecr create-repository',
      'aws ecr put-lifecycle-policy',
      'aws ecr describe-images',
      'aws ecr get-login-password',
      'docker login AWS',
      `docker tag ${image}`,
      `docker push ${registry}/podcast-pipeline:0a1b2c3d4e5f`,
    ]);
    expect(result.stdout).to.equal(`${registry}/podcast-pipeline@${stubDigest}\n`);
  });

  it('creates the repository with scan on push, immutable tags and encryption', async () => {
    const result = await runScript('push-ecr.sh', ['--image', image], region);

    const create = result.calls.find((call) => call.includes('create-repository'));
    expect(create).to.include('--image-scanning-configuration scanOnPush=true');
    expect(create).to.include('--image-tag-mutability IMMUTABLE');
    expect(create).to.include('--encryption-configuration encryptionType=AES256');
  });

  it('sets a lifecycle policy that expires untagged images and keeps the newest N', async () => {
    const result = await runScript('push-ecr.sh', ['--image', image, '--keep-images', '30'], region);

    const put = result.calls.find((call) => call.includes('put-lifecycle-policy')) ?? '';
    const policy = JSON.parse(put.slice(put.indexOf('{'), put.lastIndexOf('}') + 1)) as {
      rules: { selection: { tagStatus: string; countNumber: number } }[];
    };
    expect(policy.rules.map((rule) => rule.selection.tagStatus)).to.deep.equal(['untagged', 'any']);
    expect(policy.rules[1]?.selection.countNumber).to.equal(30);
  });

  it('reuses an existing repository without creating it again', async () => {
    const result = await runScript('push-ecr.sh', ['--image', image], { ...region, STUB_AWS_REPO_EXISTS: '1' });

    expect(result.code, result.stderr).to.equal(0);
    expect(result.calls.some((call) => call.includes('create-repository'))).to.equal(false);
    expect(result.stderr).to.include('repository podcast-pipeline exists');
    expect(result.calls.at(-1)).to.equal(`docker push ${registry}/podcast-pipeline:0a1b2c3d4e5f`);
  });

  it('does not push a tag that is already in ECR and prints its digest', async () => {
    const existing = `sha256:${'cd'.repeat(32)}`;
    const result = await runScript('push-ecr.sh', ['--image', image], {
      ...region,
      STUB_AWS_REPO_EXISTS: '1',
      STUB_AWS_IMAGE_DIGEST: existing,
    });

    expect(result.code, result.stderr).to.equal(0);
    expect(result.calls.filter((call) => call.startsWith('docker'))).to.deep.equal([]);
    expect(result.stdout).to.equal(`${registry}/podcast-pipeline@${existing}\n`);
  });

  it('changes nothing in a dry run: only read-only AWS calls are made', async () => {
    const result = await runScript('push-ecr.sh', ['--image', image, '--dry-run'], region);

    expect(result.code, result.stderr).to.equal(0);
    expect(programsOf(result.calls)).to.deep.equal([
      'aws sts get-caller-identity',
      'aws ecr describe-repositories',
      'aws ecr describe-images',
    ]);
    expect(result.stderr).to.include('[dry-run] aws --region us-east-1 ecr create-repository');
    expect(result.stderr).to.include(`[dry-run] docker push ${registry}/podcast-pipeline:0a1b2c3d4e5f`);
  });

  it('fails with a clear message when no AWS credentials are configured', async () => {
    const result = await runScript('push-ecr.sh', ['--image', image], { ...region, STUB_AWS_NO_CREDENTIALS: '1' });

    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/not logged in to AWS .*Unable to locate credentials/);
    expect(programsOf(result.calls)).to.deep.equal(['aws sts get-caller-identity']);
  });

  it('stops before tagging when the registry login is refused', async () => {
    const result = await runScript('push-ecr.sh', ['--image', image], { ...region, STUB_LOGIN_FAIL: '1' });

    expect(result.code).to.equal(1);
    expect(result.stderr).to.include(`login to ${registry} failed`);
    expect(result.calls.some((call) => call.startsWith('docker tag') || call.startsWith('docker push'))).to.equal(false);
  });

  it('names the missing ECR permissions when the push is denied', async () => {
    const result = await runScript('push-ecr.sh', ['--image', image], { ...region, STUB_PUSH_DENIED: '1' });

    expect(result.code).to.equal(1);
    expect(result.stderr).to.include('denied: the role needs ecr:BatchCheckLayerAvailability');
    expect(result.stdout).to.equal('');
  });

  it('passes the ECR token only through stdin and never prints it', async () => {
    const result = await runScript('push-ecr.sh', ['--image', image], region);

    expect(result.calls.find((call) => call.startsWith('docker login'))).to.match(/--password-stdin \S+ <stdin: ecr token>$/);
    expect(`${result.stdout}${result.stderr}${result.calls.join('\n')}`).not.to.include('stub-ecr-token');
  });

  it('passes AWS_ENDPOINT_URL to every aws call', async () => {
    const result = await runScript('push-ecr.sh', ['--image', image], { ...region, AWS_ENDPOINT_URL: 'http://127.0.0.1:5001' });

    const awsCalls = result.calls.filter((call) => call.startsWith('aws '));
    expect(awsCalls).to.have.length(6);
    for (const call of awsCalls) expect(call).to.include('--endpoint-url http://127.0.0.1:5001');
  });

  it('pushes with buildah to an override registry over plain HTTP and reads the digest file', async () => {
    const result = await runScript('push-ecr.sh', ['--image', image, '--cli', 'buildah'], {
      ...region,
      ECR_REGISTRY: '127.0.0.1:5000',
      REGISTRY_TLS_VERIFY: 'false',
    });

    expect(result.code, result.stderr).to.equal(0);
    expect(result.calls.find((call) => call.startsWith('buildah login'))).to.include('--tls-verify=false 127.0.0.1:5000');
    expect(result.calls.find((call) => call.startsWith('buildah push'))).to.match(
      /--tls-verify=false --digestfile \S+ 127\.0\.0\.1:5000\/podcast-pipeline:0a1b2c3d4e5f$/,
    );
    expect(result.stdout).to.equal(`127.0.0.1:5000/podcast-pipeline@${stubDigest}\n`);
  });

  it('refuses to push a -dirty tag unless allowed', async () => {
    const refused = await runScript('push-ecr.sh', ['--image', 'podcast-pipeline:0a1b2c3d4e5f-dirty'], region);
    const allowed = await runScript('push-ecr.sh', ['--image', 'podcast-pipeline:0a1b2c3d4e5f-dirty', '--allow-dirty'], region);

    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('refusing to push');
    expect(refused.calls).to.deep.equal([]);
    expect(allowed.code, allowed.stderr).to.equal(0);
  });

  it('takes the region from aws configure when no variable sets it, and fails without one', async () => {
    const configured = await runScript('push-ecr.sh', ['--image', image, '--dry-run'], { STUB_AWS_REGION: 'eu-west-1' });
    const missing = await runScript('push-ecr.sh', ['--image', image]);

    expect(configured.stdout).to.include('.dkr.ecr.eu-west-1.amazonaws.com/');
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include('no AWS region');
  });
});
