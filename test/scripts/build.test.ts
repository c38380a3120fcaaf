import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runScript } from './run-script.js';

const gitEnv = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** A one-commit git repository with a package.json and a Dockerfile; returns its path and short sha. */
function createSourceTree(): { directory: string; sha: string } {
  const directory = mkdtempSync(join(tmpdir(), 'build-test-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', directory, ...args], { env: { ...process.env, ...gitEnv }, encoding: 'utf8' }).trim();
  git('init', '--quiet');
  writeFileSync(join(directory, 'package.json'), '{\n  "name": "x",\n  "version": "2.3.4",\n  "private": true\n}\n');
  writeFileSync(join(directory, 'Dockerfile'), 'FROM scratch\n');
  git('add', '.');
  git('commit', '--quiet', '-m', 'initial');
  return { directory, sha: git('rev-parse', '--short=12', 'HEAD') };
}

describe('build.sh', () => {
  const trees: string[] = [];
  afterEach(() => {
    for (const directory of trees.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('builds with docker, tagged with the git sha, with version, revision and commit-time labels', async () => {
    const { directory, sha } = createSourceTree();
    trees.push(directory);

    const result = await runScript('build.sh', ['--context', directory]);

    expect(result.code, result.stderr).to.equal(0);
    expect(result.calls).to.have.length(1);
    const call = result.calls[0] ?? '';
    expect(call).to.match(new RegExp(`^docker build --file ${directory}/Dockerfile --tag podcast-pipeline:${sha} `));
    expect(call).to.include('--build-arg VERSION=2.3.4');
    expect(call).to.match(/--build-arg REVISION=[0-9a-f]{40} /);
    expect(call).to.match(/--build-arg CREATED=\d{4}-\d\d-\d\dT/);
    expect(call.endsWith(` ${directory}`)).to.equal(true);
    expect(result.stdout).to.equal(`podcast-pipeline:${sha}\n`);
  });

  it('marks an uncommitted tree -dirty', async () => {
    const { directory, sha } = createSourceTree();
    trees.push(directory);
    writeFileSync(join(directory, 'Dockerfile'), 'FROM scratch\nLABEL changed=yes\n');

    const result = await runScript('build.sh', ['--context', directory]);

    expect(result.stdout).to.equal(`podcast-pipeline:${sha}-dirty\n`);
  });

  it('adds the version tag when HEAD carries a v* tag', async () => {
    const { directory, sha } = createSourceTree();
    trees.push(directory);
    execFileSync('git', ['-C', directory, 'tag', 'v2.3.4']);

    const result = await runScript('build.sh', ['--context', directory, '--image', 'registry.example/pp']);

    expect(result.calls[0]).to.include(`--tag registry.example/pp:${sha} --tag registry.example/pp:2.3.4 `);
    expect(result.stdout).to.equal(`registry.example/pp:${sha}\nregistry.example/pp:2.3.4\n`);
  });

  it('builds with buildah or podman when CONTAINER_CLI says so, with global and extra flags', async () => {
    const { directory } = createSourceTree();
    trees.push(directory);

    const buildah = await runScript('build.sh', ['--context', directory, '--tag', 't1', '--', '--layers'], {
      CONTAINER_CLI: 'buildah',
      CONTAINER_GLOBAL_FLAGS: '--storage-driver vfs',
      BUILD_FLAGS: '--pull=never',
    });
    const podman = await runScript('build.sh', ['--context', directory, '--tag', 't1', '--cli', 'podman', '--platform', 'linux/arm64']);

    expect(buildah.calls[0]).to.match(/^buildah --storage-driver vfs build --file .* --pull=never --layers \S+$/);
    expect(podman.calls[0]).to.match(/^podman build .* --platform linux\/arm64 \S+$/);
  });

  it('runs nothing in a dry run and rejects an unknown CLI', async () => {
    const { directory } = createSourceTree();
    trees.push(directory);

    const dryRun = await runScript('build.sh', ['--context', directory, '--dry-run']);
    const unknown = await runScript('build.sh', ['--context', directory, '--cli', 'nerdctl']);

    expect(dryRun.code).to.equal(0);
    expect(dryRun.calls).to.deep.equal([]);
    expect(dryRun.stderr).to.match(/^\[dry-run\] docker build /);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.include('must be docker, podman or buildah');
  });

  it('prints its options and defaults with --help', async () => {
    const result = await runScript('build.sh', ['--help']);

    expect(result.code).to.equal(0);
    expect(result.stdout).to.include('CONTAINER_CLI   docker');
  });
});
