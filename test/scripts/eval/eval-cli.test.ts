import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { EvalReport } from '../../../scripts/eval/eval-report.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'scripts/eval/eval-cli.ts');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI as `npm run eval` would, on the emulator, with no Gemini credentials. */
function runCli(args: readonly string[]): Promise<Run> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', LLM_BACKEND: 'emulator' };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('eval-cli', function () {
  this.timeout(120_000);
  let outDirectory: string | undefined;
  afterEach(async () => {
    if (outDirectory) await rm(outDirectory, { recursive: true, force: true });
  });

  it('evaluates the shipped dataset on the emulator in one command and writes both reports', async () => {
    outDirectory = await mkdtemp(join(tmpdir(), 'eval-cli-'));
    const run = await runCli(['--out-dir', outDirectory, '--prompt-versions', 'v1,v2']);

    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('gate: PASS');
    const report = JSON.parse(await readFile(join(outDirectory, 'eval-report.json'), 'utf8')) as EvalReport;
    expect(report.llmBackend).to.equal('emulator');
    expect(report.variants.map((variant) => variant.name)).to.deep.equal(['v1', 'v2']);
    expect(report.variants[0]?.summary).to.include({ errorRate: 0, quoteAccuracy: 1, sourceValidity: 1 });
    expect(report.judge).to.deep.equal({ modelId: 'gemini-3.1-flash-lite', promptVersion: 'judge-v1' });
    const html = await readFile(join(outDirectory, 'eval-report.html'), 'utf8');
    expect(html).to.contain('data-chart="cost-per-episode"').and.contain('data-chart="score-distribution-summarizer"');
  });

  it('exits 1 and names the miss when a threshold is not met, and 2 on bad arguments', async () => {
    outDirectory = await mkdtemp(join(tmpdir(), 'eval-cli-'));
    const dataset = join(outDirectory, 'data');
    await mkdir(dataset);
    await copyFile(join(ROOT, 'scripts/eval/dataset/night-trains.json'), join(dataset, 'night-trains.json'));

    const failing = await runCli([dataset, '--out-dir', outDirectory, '--no-judge', '--eval_max_cost_usd_per_episode', '0.000001']);
    expect(failing.code, failing.stderr).to.equal(1);
    expect(failing.stdout).to.match(/gate: FAIL\n {2}- v1: cost per episode \(USD\) [\d.]+ > 0\.000001/);

    const usage = await runCli(['--prompt-versions', 'v9', '--out-dir', outDirectory]);
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.contain('Unknown prompt_version');
  });

  it('prints its usage with --help and exits 0, evaluating nothing', async () => {
    const run = await runCli(['--help']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/^Usage: npm run eval -- \[dataset-dir\] \[options\]\n/);
    expect(run.stdout).not.to.contain('gate:');
  });

  it('answers a misspelt flag and a missing dataset directory with one usage line and exit 2, writing nothing', async () => {
    outDirectory = await mkdtemp(join(tmpdir(), 'eval-cli-'));
    const misspelt = await runCli(['--outdir', outDirectory, '--no-judge']);
    expect(misspelt.code).to.equal(2);
    expect(misspelt.stderr).to.equal('eval: unknown flag --outdir (did you mean --out-dir?)\nRun with --help for usage.\n');
    expect(misspelt.stdout).to.equal('');

    const missing = await runCli([join(outDirectory, 'no-such-dataset'), '--out-dir', outDirectory]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr.trim().split('\n')[0]).to.equal(
      `eval: dataset directory ${join(outDirectory, 'no-such-dataset')} does not exist (default: scripts/eval/dataset)`,
    );
    expect(missing.stderr).not.to.match(/\n\s+at /);
    expect(await readdir(outDirectory)).to.deep.equal([]);
  });
});
