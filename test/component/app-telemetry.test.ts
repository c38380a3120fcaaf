import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { CollectingLogger } from '../fakes/collecting-logger.js';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';
import { writeApiKeysFile } from './support/whole-app-fixtures.js';

const KEY = 'team-a-key-3c9e1b7a5d';
const EPISODE = JSON.stringify({
  title: 'Telemetry',
  transcript: [{ timestamp: '00:00:01', speaker: 'Ann', text: 'In 2024 our churn fell by 12 percent after the pricing change.' }],
});
const BODY = JSON.stringify({ inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [EPISODE] }] });

/** The label sets of every `_count` series of a histogram on a /metrics page. */
function countLabelsOf(text: string, histogram: string): Record<string, string>[] {
  return [...text.matchAll(new RegExp(`^${histogram}_count\\{([^}]*)\\} \\d+$`, 'gm'))].map((match) =>
    Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((label) => [label[1], label[2]])),
  );
}

describe('telemetry of the whole app (emulator backend, API key auth)', function () {
  this.timeout(30000);
  let directory: string;
  let app: TestApplication | undefined;

  before(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    directory = await mkdtemp(join(tmpdir(), 'telemetry-'));
    await writeApiKeysFile(directory, [{ id: 'team-a', key: KEY, roles: ['analyst'] }]);
  });
  after(async () => {
    await app?.close();
    await rm(directory, { recursive: true, force: true });
    nock.enableNetConnect();
  });

  it('exports generate_content, invoke_agent and invoke_workflow operations and logs who spent what', async () => {
    const logger = new CollectingLogger();
    app = await composeTestApp({ LLM_BACKEND: 'emulator', AUTH_MODE: 'api-key', API_KEYS_FILE: join(directory, 'keys.yaml') }, { logger });

    const response = await fetch(`${app.baseUrl}/v2/models/podcast-pipeline/infer`, {
      method: 'POST',
      headers: { 'x-api-key': KEY },
      body: BODY,
    });
    const parameters = ((await response.json()) as { parameters: Record<string, unknown> }).parameters;
    const text = await (await fetch(`${app.baseUrl}/metrics`, { headers: { 'x-api-key': KEY } })).text();

    expect(response.status).to.equal(200);
    const operations = countLabelsOf(text, 'gen_ai_client_operation_duration_seconds');
    expect(new Set(operations.map((labels) => labels.gen_ai_operation_name))).to.deep.equal(
      new Set(['generate_content', 'invoke_agent', 'invoke_workflow']),
    );
    expect(new Set(operations.map((labels) => labels.gen_ai_provider_name))).to.deep.equal(new Set(['gcp.gemini']));
    expect(
      new Set(operations.filter((labels) => labels.gen_ai_operation_name === 'invoke_agent').map((labels) => labels.gen_ai_agent_name)),
    ).to.deep.equal(new Set(['summarizer', 'insights', 'fact-checker']));
    expect(new Set(countLabelsOf(text, 'gen_ai_client_token_usage').map((labels) => labels.gen_ai_token_type))).to.deep.equal(
      new Set(['input', 'output']),
    );
    expect(text).not.to.contain('gen_ai_system');

    const [line] = logger.lines.filter((entry) => entry.message === 'http request' && entry.fields.route === '/v2/models/:name/infer');
    expect(line?.fields).to.include({ principal: 'team-a', partial: false, cache_hit: false, served_models: parameters.models });
    expect(line?.fields.tokens).to.equal(Number(parameters.input_tokens) + Number(parameters.output_tokens));
    expect(line?.fields.tokens).to.be.greaterThan(0);
  });
});
