import { expect } from 'chai';
import { runScript } from './run-script.js';

describe('shell scripts: usage errors exit 2 with one line, --help exits 0', () => {
  it('suggests the flag that was meant for a misspelt one', async () => {
    const runs = await Promise.all([
      runScript('build.sh', ['--dryrun']),
      runScript('push-ecr.sh', ['--digestfile', 'x']),
      runScript('teardown.sh', ['--overlya', 'dev']),
      runScript('image-tag.sh', ['--contxt', '.']),
      runScript('audit.sh', ['--hlep']),
    ]);
    expect(runs.map((run) => run.code)).to.deep.equal([2, 2, 2, 2, 2]);
    expect(runs.map((run) => run.stderr.split('\n')[0])).to.deep.equal([
      'build.sh: unknown flag --dryrun (did you mean --dry-run?)',
      'push-ecr.sh: unknown flag --digestfile (did you mean --digest-file?)',
      'teardown.sh: unknown flag --overlya (did you mean --overlay?)',
      'image-tag.sh: unknown flag --contxt (did you mean --context?)',
      'audit.sh: unknown flag --hlep (did you mean --help?)',
    ]);
    expect(runs.flatMap((run) => run.calls)).to.deep.equal([]);
  });

  it('names a flag whose value is missing, and an unrelated word plainly', async () => {
    const missing = await runScript('teardown.sh', ['--overlay']);
    const unrelated = await runScript('build.sh', ['--frobnicate']);
    const positional = await runScript('push-ecr.sh', ['podcast-pipeline:abc']);

    expect([missing.code, unrelated.code, positional.code]).to.deep.equal([2, 2, 2]);
    expect(missing.stderr).to.equal('teardown.sh: flag --overlay needs a value\nRun with --help for usage.\n');
    expect(unrelated.stderr.split('\n')[0]).to.equal('build.sh: unknown flag --frobnicate');
    expect(positional.stderr.split('\n')[0]).to.equal('push-ecr.sh: unexpected argument: podcast-pipeline:abc');
  });

  it('prints usage with --help for every script', async () => {
    const runs = await Promise.all(
      ['build.sh', 'push-ecr.sh', 'teardown.sh', 'image-tag.sh', 'audit.sh'].map((name) => runScript(name, ['--help'])),
    );
    expect(runs.map((run) => run.code)).to.deep.equal([0, 0, 0, 0, 0]);
    for (const run of runs) expect(run.stdout).to.match(/^Usage: scripts\//);
  });
});
