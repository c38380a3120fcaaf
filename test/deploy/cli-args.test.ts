import { expect } from 'chai';
import {
  closestMatch,
  editDistance,
  parseChoice,
  parseCommandLine,
  parseInteger,
  runCli,
  UsageError,
  CliError,
} from '../../scripts/deploy/cli-args.js';

describe('cli-args', () => {
  it('measures edit distance and suggests only a close word', () => {
    expect([editDistance('namspace', 'namespace'), editDistance('', 'abc'), editDistance('kitten', 'sitting')]).to.deep.equal([1, 3, 3]);
    expect(closestMatch('--outdir', ['--out-dir', '--no-judge'])).to.equal('--out-dir');
    expect(closestMatch('--frobnicate', ['--out-dir', '--no-judge'])).to.equal(undefined);
  });

  it('turns parseArgs errors into one-line usage errors', () => {
    const options = { namespace: { type: 'string', short: 'n' }, wait: { type: 'boolean' } } as const;
    expect(() => parseCommandLine(['--namspace', 'x'], options)).to.throw(
      UsageError,
      'unknown flag --namspace (did you mean --namespace?)',
    );
    expect(() => parseCommandLine(['-n'], options)).to.throw(UsageError, 'flag --namespace needs a value');
    expect(() => parseCommandLine(['--wait=yes'], options)).to.throw(UsageError, 'flag --wait takes no value');
    expect(parseCommandLine(['-n', 'ns', 'status'], options)).to.deep.include({ positionals: ['status'] });
  });

  it('checks integers and choices', () => {
    expect(parseInteger('10', '--canary', 0, 100)).to.equal(10);
    expect(() => parseInteger('1.5', '--canary', 0, 100)).to.throw(UsageError, '--canary must be an integer from 0 to 100, not "1.5"');
    expect(() => parseChoice('yml', '-o', ['json', 'yaml'])).to.throw(
      UsageError,
      '-o must be one of json|yaml, not "yml" (did you mean yaml?)',
    );
  });

  it('maps outcomes to exit codes with one line on stderr: 2 usage, 1 known failure, 1 unexpected without a stack', async () => {
    const lines: string[] = [];
    const stderr = { write: (text: string) => lines.push(text) };
    const codes = await Promise.all([
      runCli(async () => 0, { name: 'x', stderr }),
      runCli(() => Promise.reject(new UsageError('bad flag')), { name: 'x', stderr }),
      runCli(() => Promise.reject(new CliError('not found')), { name: 'x', stderr }),
      runCli(() => Promise.reject(new TypeError('boom')), { name: 'x', stderr }),
    ]);
    expect(codes).to.deep.equal([0, 2, 1, 1]);
    expect(lines).to.deep.equal(['x: bad flag\nRun with --help for usage.\n', 'x: not found\n', 'x: unexpected TypeError: boom\n']);
  });
});
