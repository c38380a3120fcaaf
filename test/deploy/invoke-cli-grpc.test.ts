import { expect } from 'chai';
import { runInvokeCli as invoke } from './run-invoke-cli.js';
import { composeTestApp, type TestApplication } from '../component/support/compose-test-app.js';
import { useHttp2WithoutNock } from '../protocol/grpc/support/grpc-without-nock.js';

describe('invoke CLI over gRPC (--protocol grpc, whole app on the emulator)', function () {
  this.timeout(60_000);
  useHttp2WithoutNock();
  let app: TestApplication | undefined;

  before(async () => {
    app = await composeTestApp({}, { grpc: true });
  });
  after(async () => {
    await app?.close();
  });

  it('sends the sample episode as one ModelInfer over h2c on the HTTP port and prints the report', async () => {
    const run = await invoke(['--url', app!.baseUrl, '--protocol', 'grpc']);

    expect(run.stderr).to.match(/^gRPC ModelInfer 127\.0\.0\.1:\d+ \(1 episode\(s\), request id [0-9a-f-]{36}\)\n$/);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/^# /m);
  });

  it('reaches the separate gRPC port as well, and prints the REST-shaped JSON with --raw', async () => {
    const run = await invoke(['--url', `http://127.0.0.1:${app!.grpcPort}`, '--protocol', 'grpc', '--raw']);

    expect(run.code).to.equal(0);
    const body = JSON.parse(run.stdout) as { model_name: string; outputs: { name: string }[]; parameters: Record<string, unknown> };
    expect(body.model_name).to.equal('podcast-pipeline');
    expect(body.outputs.map((output) => output.name)).to.include.members(['report', 'summary', 'insights', 'fact_checks']);
    expect(body.parameters.llm_backend).to.equal('emulator');
  });

  it('answers a gRPC error status in one line (exit 1) and an unknown protocol as a usage error (exit 2)', async () => {
    const [missing, unknown] = await Promise.all([
      invoke(['--url', app!.baseUrl, '--protocol', 'grpc', '--model', 'nope']),
      invoke(['--url', app!.baseUrl, '--protocol', 'websocket']),
    ]);

    expect([missing.code, unknown.code]).to.deep.equal([1, 2]);
    expect(missing.stderr.split('\n')[1]).to.match(/^invoke: gRPC NOT_FOUND: .*nope.* \(127\.0\.0\.1:\d+\)$/);
    expect(unknown.stderr.split('\n')[0]).to.equal('invoke: --protocol must be http or grpc, not "websocket"');
  });
});
