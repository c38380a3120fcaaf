import { expect } from 'chai';
import { createServer, type AddressInfo } from 'node:net';
import { inferenceClient } from '../../protocol/grpc/support/grpc-test-app.js';
import { useHttp2WithoutNock } from '../../protocol/grpc/support/grpc-without-nock.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const EPISODE = JSON.stringify({
  title: 'Fresh process',
  transcript: [
    { timestamp: '00:00:05', speaker: 'Dana', text: 'In 2025 our idle cost fell by 62 percent after we moved to scale-to-zero.' },
  ],
});

interface InferResponse {
  id: string;
  parameters: Record<string, { string_param?: string }>;
  outputs: { name: string; contents: { bytes_contents: Buffer[] } }[];
}

/** The separate gRPC port from the "server listening" log line. */
function grpcPortOf(server: SpawnedServer): number {
  const match = /"grpc_port":(\d+)/.exec(server.output());
  if (!match) throw new Error(`no grpc_port in the start-up log:\n${server.output()}`);
  return Number(match[1]);
}

/** A port free a moment ago (GRPC_PORT=0 disables the gRPC listener, so it cannot pick one). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('gRPC ModelInfer on a fresh predictor process (first call after start, built-in emulator)', function () {
  this.timeout(60000);
  // Every peer (the process and its built-in emulator) is loopback.
  useHttp2WithoutNock();
  let server: SpawnedServer | undefined;

  afterEach(async () => {
    await server?.stop('SIGKILL');
    server = undefined;
  });

  const ports = [
    {
      name: 'over h2c on the HTTP port (serverless, port named h2c)',
      portOf: (spawned: SpawnedServer) => Number(new URL(spawned.baseUrl).port),
    },
    { name: 'on GRPC_PORT (Standard mode)', portOf: grpcPortOf },
  ] as const;
  for (const { name, portOf } of ports) {
    it(`answers ModelInfer ${name} as its very first call, with platform and llm_backend naming the emulator`, async () => {
      server = await spawnServer({ GRPC_PORT: String(await freePort()) });
      const client = inferenceClient(portOf(server));
      try {
        const { response, error } = await client.call<InferResponse>('ModelInfer', {
          model_name: 'podcast-pipeline',
          id: 'first-call',
          inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], contents: { bytes_contents: [Buffer.from(EPISODE)] } }],
          outputs: [{ name: 'report' }],
        });
        expect(error).to.equal(undefined);
        expect(response?.id).to.equal('first-call');
        expect(response?.parameters.llm_backend?.string_param).to.equal('emulator');
        expect(response?.outputs[0]?.contents.bytes_contents[0]?.toString()).to.match(/^# Fresh process\n/);
        const metadata = await client.call<{ platform: string }>('ModelMetadata', { name: 'podcast-pipeline' });
        expect(metadata.response?.platform).to.equal('multi-agent-pipeline/emulator');
      } finally {
        client.close();
      }
    });
  }
});
