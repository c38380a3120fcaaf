import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { runInvokeCli as invoke } from './run-invoke-cli.js';

describe('invoke CLI', function () {
  this.timeout(30_000);
  let server: Server;
  let url: string;
  let status = 200;

  before(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify(
            status === 200
              ? { outputs: [{ name: 'report', datatype: 'BYTES', shape: [1], data: ['# Report'] }] }
              : { error: 'Unauthorized' },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('prints its usage with --help and exits 0, sending nothing', async () => {
    const run = await invoke(['--help']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/^Usage: npm run invoke -- --url URL \[flags\]\n/);
    expect(run.stdout).to.contain('--timeout DURATION');
    expect(run.stderr).to.equal('');
  });

  it('answers a misspelt flag, a missing --url and a bad duration with one usage line and exit 2', async () => {
    const runs = await Promise.all([invoke(['--ulr', url]), invoke([]), invoke(['--url', url, '--timeout', '5'])]);
    expect(runs.map((run) => run.code)).to.deep.equal([2, 2, 2]);
    expect(runs.map((run) => run.stderr.split('\n')[0])).to.deep.equal([
      'invoke: unknown flag --ulr (did you mean --url?)',
      'invoke: --url is required',
      'invoke: --timeout: invalid duration "5": use e.g. 90s, 1m30s, 10m or 1h',
    ]);
  });

  it('prints the report on 2xx (exit 0), one line on an HTTP error or a closed port (exit 1)', async () => {
    status = 200;
    const ok = await invoke(['--url', url]);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.equal('== report (BYTES [1])\n-- [0]\n# Report\n');

    status = 401;
    const denied = await invoke(['--url', url]);
    expect(denied.code).to.equal(1);
    expect(denied.stderr).to.match(
      /\ninvoke: HTTP 401 from http:\/\/127\.0\.0\.1:\d+\/v2\/models\/podcast-pipeline\/infer: Unauthorized\n$/,
    );

    const closed = await invoke(['--url', 'http://127.0.0.1:39999']);
    expect(closed.code).to.equal(1);
    expect(closed.stderr).to.match(
      /\ninvoke: cannot reach http:\/\/127\.0\.0\.1:39999\/v2\/models\/podcast-pipeline\/infer: connection refused\n$/,
    );
  });
});
