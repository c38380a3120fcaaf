import { expect } from 'chai';
import { UsageError } from '../../../scripts/deploy/cli-args.js';
import { DEFAULT_DATASET_DIRECTORY, parseEvalCliArgs, parseVariant } from '../../../scripts/eval/eval-cli-args.js';

describe('parseEvalCliArgs', () => {
  it('defaults to the shipped dataset, the current directory, one configured variant and the judge on', () => {
    expect(parseEvalCliArgs([])).to.deep.equal({
      datasetDirectory: DEFAULT_DATASET_DIRECTORY,
      outDirectory: '.',
      variants: [],
      isJudgeEnabled: true,
      episodeTimeoutMs: 300_000,
      isHelp: false,
      configArgv: [],
    });
  });

  it('reads the dataset, options and variants, and passes config flags through', () => {
    const args = parseEvalCliArgs([
      'data',
      '--out-dir=out',
      '--prompt-versions',
      'v1,v2',
      '--variant',
      'flash:SUMMARIZER_MODEL_TIER=flash',
      '--no-judge',
      '--eval_min_groundedness',
      '0.7',
      '--episode-timeout-ms',
      '1000',
    ]);
    expect(args).to.deep.include({ datasetDirectory: 'data', outDirectory: 'out', isJudgeEnabled: false, episodeTimeoutMs: 1000 });
    expect(args.variants.map((variant) => variant.name)).to.deep.equal(['v1', 'v2', 'flash']);
    expect(args.variants[0]).to.deep.equal({ name: 'v1', promptVersion: 'v1', settings: {} });
    expect(args.configArgv).to.deep.equal(['--eval_min_groundedness', '0.7']);
  });

  it('rejects two dataset directories, repeated variant names and a bad timeout', () => {
    expect(() => parseEvalCliArgs(['a', 'b'])).to.throw(/one dataset directory/);
    expect(() => parseEvalCliArgs(['--prompt-versions', 'v1,v1'])).to.throw(/unique/);
    expect(() => parseEvalCliArgs(['--episode-timeout-ms=-5'])).to.throw(/positive integer/);
    expect(() => parseEvalCliArgs(['--out-dir'])).to.throw(UsageError, 'flag --out-dir needs a value');
  });

  it('refuses an unknown or misspelt flag instead of ignoring it, suggesting the close one', () => {
    expect(() => parseEvalCliArgs(['--outdir', 'x'])).to.throw(UsageError, 'unknown flag --outdir (did you mean --out-dir?)');
    expect(() => parseEvalCliArgs(['--eval_min_groundness', '0.5'])).to.throw(UsageError, '(did you mean --eval_min_groundedness?)');
    expect(() => parseEvalCliArgs(['--frobnicate'])).to.throw(UsageError, /^unknown flag --frobnicate$/);
  });

  it('takes the episode timeout as a Go duration too', () => {
    expect(parseEvalCliArgs(['--episode-timeout', '1m30s']).episodeTimeoutMs).to.equal(90_000);
    expect(() => parseEvalCliArgs(['--episode-timeout', '90'])).to.throw(UsageError, '--episode-timeout: invalid duration "90"');
  });
});

describe('parseVariant', () => {
  it('splits the prompt version from env overrides', () => {
    expect(parseVariant('b:prompt_version=v2,SUMMARIZER_MODEL_TIER=flash,JUDGE_MODEL_TIER=pro')).to.deep.equal({
      name: 'b',
      promptVersion: 'v2',
      settings: { SUMMARIZER_MODEL_TIER: 'flash', JUDGE_MODEL_TIER: 'pro' },
    });
  });

  it('rejects bad names and keys', () => {
    expect(() => parseVariant('Bad Name')).to.throw(/name must match/);
    expect(() => parseVariant('a:tier=flash')).to.throw(/neither prompt_version nor an env var/);
    expect(() => parseVariant('a:NOVALUE')).to.throw(/KEY=VALUE/);
  });
});
