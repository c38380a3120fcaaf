import { expect } from 'chai';
import { CONFIG_SECTIONS_BY_NAME } from '../../predictor/config/config-schema.js';
import { parseServerCommandLine } from '../../predictor/config/server-command-line.js';

describe('parseServerCommandLine', () => {
  it('runs with the settings flags in both KServe spellings', () => {
    expect(parseServerCommandLine(['--http_port', '9000', '--model_name=podcasts'])).to.deep.equal({ kind: 'run', unusedFlags: [] });
  });

  it("accepts KServe's model-server flags it does not use, and lists them (--grpc_port is honoured, not among them)", () => {
    const commandLine = parseServerCommandLine([
      '--grpc_port',
      '8081',
      '--workers',
      '2',
      '--enable_docs_url=false',
      '--timeout-keep-alive',
      '65',
      '--enable_predictor_health_check',
    ]);

    expect(commandLine).to.deep.equal({
      kind: 'run',
      unusedFlags: ['workers', 'enable_docs_url', 'timeout-keep-alive', 'enable_predictor_health_check'],
    });
  });

  it('prints help listing every flag and every environment variable, secrets without a value', () => {
    const commandLine = parseServerCommandLine(['--help']);
    const text = commandLine.kind === 'help' ? commandLine.text : '';

    expect(parseServerCommandLine(['-h']).kind).to.equal('help');
    for (const flag of ['--http_port', '--grpc_port', '--model_name', '--workers', '--max_asyncio_workers', '--enable_grpc']) {
      expect(text).to.contain(flag);
    }
    for (const section of Object.values(CONFIG_SECTIONS_BY_NAME)) {
      for (const field of Object.values(section)) if (field.env) expect(text).to.contain(`  ${field.env}  (`);
    }
    expect(text).to.contain('GEMINI_API_KEY  (secret, never printed)');
  });

  it('refuses an unknown flag in one line with the closest known flag', () => {
    expect(parseServerCommandLine(['--htp_port', '9000'])).to.deep.equal({
      kind: 'usage-error',
      message: 'unknown flag --htp_port; did you mean --http_port? (--help lists the flags)',
    });
    expect(parseServerCommandLine(['--modle_name=x'])).to.deep.include({
      message: 'unknown flag --modle_name; did you mean --model_name? (--help lists the flags)',
    });
  });

  it('refuses a flag nothing resembles without a guess', () => {
    expect(parseServerCommandLine(['--completely-different'])).to.deep.equal({
      kind: 'usage-error',
      message: 'unknown flag --completely-different (--help lists the flags)',
    });
  });

  it('refuses positional arguments and a settings flag without its value', () => {
    expect(parseServerCommandLine(['serve'])).to.deep.equal({
      kind: 'usage-error',
      message: "unexpected argument 'serve': the server takes only --flags (--help lists them)",
    });
    expect(parseServerCommandLine(['--http_port'])).to.deep.equal({ kind: 'usage-error', message: 'flag --http_port needs a value' });
  });
});
