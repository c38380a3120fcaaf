import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { findOtherNode } from '../support/other-node.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const ENTRY = ['--import', 'tsx', 'predictor/main.ts'];

/** Runs the real server entry with `args` and `env` until it exits on its own. */
async function runServer(args: readonly string[], env: Record<string, string> = {}, nodePath = process.execPath): Promise<Finished> {
  const child = spawn(nodePath, [...ENTRY, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('the server command line (spawned predictor/main.ts)', function () {
  this.timeout(60000);
  let server: SpawnedServer | undefined;
  const directory = mkdtempSync(join(tmpdir(), 'server-cli-'));
  afterEach(async () => {
    await server?.stop('SIGKILL');
    server = undefined;
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('prints its flags and environment variables for --help and exits 0', async () => {
    const { code, stdout, stderr } = await runServer(['--help']);

    expect(code).to.equal(0);
    expect(stderr).to.equal('');
    expect(stdout).to.match(/^Usage: node dist\/predictor\/main\.js/);
    expect(stdout).to.contain('--grpc_port <value>');
    expect(stdout).to.contain('  PORT  (default 8080)');
  });

  it('answers an unknown flag with one line, a guess and exit 2', async () => {
    const { code, stdout, stderr } = await runServer(['--htp_port', '9000']);

    expect(code).to.equal(2);
    expect(stdout).to.equal('');
    expect(stderr).to.equal('unknown flag --htp_port; did you mean --http_port? (--help lists the flags)\n');
  });

  it('reports each bad setting on its own line, secrets masked, and exits 1 before listening', async () => {
    const { code, stderr } = await runServer([], { PORT: 'abc', LOG_LEVEL: 'loud', REDIS_URL: 'http://:hunter2@cache:6379' });

    expect(code).to.equal(1);
    expect(stderr).to.equal(
      [
        'invalid configuration: PORT="abc" is not allowed: expected an integer from 0 to 65535',
        'invalid configuration: REDIS_URL="****" (secret, not shown) is not allowed: expected text matching /^rediss?:///',
        'invalid configuration: LOG_LEVEL="loud" is not allowed: expected one of: debug, info, warn, error',
        '',
      ].join('\n'),
    );
  });

  it('reports a missing API keys file as one configuration line, not a stack', async () => {
    const missing = join(directory, 'absent-keys.yaml');
    const { code, stderr } = await runServer([], { LLM_BACKEND: 'emulator', AUTH_MODE: 'api-key', API_KEYS_FILE: missing });

    expect(code).to.equal(1);
    expect(stderr).to.equal(`invalid configuration: API_KEYS_FILE="${missing}" cannot be read: no such file; expected a readable file\n`);
  });

  it('reports a malformed access policy file as configuration lines naming the file, not a stack', async () => {
    const policy = join(directory, 'policy.yaml');
    writeFileSync(policy, 'rules: [ {');
    const { code, stdout, stderr } = await runServer([], { LLM_BACKEND: 'emulator', ACCESS_POLICY_FILE: policy });

    expect(code).to.equal(1);
    expect(stderr).to.equal(`invalid configuration: ${policy} is not valid YAML or JSON (line 1)\n`);
    expect(stdout).not.to.match(/\n\s+at /);
  });

  it('starts with KServe flags it does not use and says so once (--grpc_port is honoured, not among them)', async () => {
    server = await spawnServer({ LLM_BACKEND: 'emulator' }, [...ENTRY, '--grpc_port', '9081', '--workers', '2', '--enable_docs_url=false']);

    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.includes('KServe flags accepted but not used'));
    expect(lines).to.have.length(1);
    expect(JSON.parse(lines[0] ?? '{}'))
      .to.include({ level: 'info' })
      .and.to.have.deep.property('flags', ['workers', 'enable_docs_url']);
  });

  const oldNode = findOtherNode();
  (oldNode ? it : it.skip)(
    `refuses to start on another Node.js major in one line (${oldNode?.version ?? 'no other node on PATH'})`,
    async () => {
      const { code, stdout, stderr } = await runServer(['--help'], {}, oldNode?.path);

      expect(code).to.equal(1);
      expect(stdout).to.equal('');
      expect(stderr).to.equal(
        `unsupported Node.js ${oldNode?.version}: this server needs Node.js 24.x (npm start uses the project's pinned node; the container image has it)\n`,
      );
    },
  );
});
