/**
 * @module test/component/pii-outbound
 * The promise "PII is redacted before text leaves the process", held against every path
 * that leaves it. The whole application runs in-process against a Gemini emulator behind a
 * recording proxy, so every byte sent upstream is read back: context caches, agent calls,
 * chunk and reduce calls, judge calls (online evaluation), batch jobs; and the payload-log
 * and feedback sinks. Short and long transcripts, JSON-escaped PII, first runs, cache hits
 * and `cache: false` re-runs: no seeded PII value appears anywhere, in any spelling.
 */
import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { createGeminiEmulator, type GeminiEmulator } from '../../predictor/emulator/gemini-emulator.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';

/** Seeded PII, one or more of every kind the detector knows, in the spellings people use. */
const SEEDED_PII = [
  'dana.reyes@example.com',
  'sam_okafor+podcast@mail.example.org',
  'priya at example dot com',
  '4111 1111 1111 1111',
  '5500-0000-0000-0004',
  '+44 20 7946 0958',
  '(415) 555-0132',
  'DE89 3704 0044 0532 0130 00',
  'GB82WEST12345698765432',
  '219-09-9999',
  'AB 12 34 56 C',
  '12345678Z',
] as const;

/** Letters and digits only, lower-cased: a value re-spaced, re-punctuated or re-escaped still matches. */
const folded = (text: string) => text.toLowerCase().replaceAll(/[^a-z0-9]/g, '');

const FILLER = [
  'Grid operators described how batteries smooth the evening peak across the valley towns.',
  'The second guest compared rooftop panels with community arrays on warehouse roofs.',
  'Listeners asked whether the pilot scheme would survive the coming winter storms.',
  'They walked through the permitting steps and the costs of interconnection studies.',
];

function segmentsWithPii(count: number): { timestamp: string; speaker: string; text: string }[] {
  return Array.from({ length: count }, (_, index) => {
    const seconds = index * 7;
    const timestamp = `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
    const pii = SEEDED_PII[index % SEEDED_PII.length]!;
    const text = `${FILLER[index % FILLER.length]} You can reach me at ${pii} if you want the details.`;
    return { timestamp, speaker: index % 2 === 0 ? 'Dana' : 'Sam', text };
  });
}

/** An episode element whose '@' signs are JSON-escaped, so a scan of the raw request text misses them. */
function escapedElement(episode: object): string {
  return JSON.stringify(episode).replaceAll('@', '\\u0040');
}

const SHORT_EPISODE = { title: 'Short grid talk', host: 'Dana', guests: ['Sam'], transcript: segmentsWithPii(12) };
/** Over the explicit-cache minimum (4,096 tokens at 4 bytes a token), so a context cache is created. */
const LONG_EPISODE = { title: 'Long grid talk', host: 'Dana', guests: ['Sam'], transcript: segmentsWithPii(240) };
const PLAIN_EPISODE = {
  title: 'Plain text talk',
  transcript: segmentsWithPii(12)
    .map((segment) => `${segment.speaker}: ${segment.text}`)
    .join('\n'),
};

function inferBody(elements: readonly string[], parameters: Record<string, unknown> = {}): string {
  return JSON.stringify({ parameters, inputs: [{ name: 'episode', datatype: 'BYTES', shape: [elements.length], data: elements }] });
}

/** Every string inside a JSON body, un-escaped, joined; the raw body when it is not JSON. */
function decodedText(body: string): string {
  const strings: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) Object.entries(value).forEach(([key, item]) => (strings.push(key), walk(item)));
  };
  try {
    walk(JSON.parse(body));
  } catch {
    return body;
  }
  return strings.join('\n');
}

function leaksIn(text: string): string[] {
  const haystacks = [folded(text), folded(decodedText(text))];
  return SEEDED_PII.filter((value) => haystacks.some((haystack) => haystack.includes(folded(value))));
}

describe('PII never leaves the process unredacted (every outbound path, recording upstream)', function () {
  this.timeout(60_000);
  let emulator: GeminiEmulator;
  let proxy: RecordingProxy;
  let app: TestApplication;
  let directory: string;

  async function startApp(env: Record<string, string> = {}): Promise<void> {
    app = await composeTestApp({
      LLM_BACKEND: 'emulator',
      GEMINI_BASE_URL: proxy.baseUrl,
      JOBS_ENABLED: 'true',
      JOBS_ID_SECRET: 'a-test-secret-of-at-least-32-bytes!!',
      ONLINE_EVAL_SAMPLE_RATE: '1',
      PAYLOAD_LOG_SINK: `file://${join(directory, 'payloads.jsonl')}`,
      FEEDBACK_SINK: `file://${join(directory, 'feedback.jsonl')}`,
      ...env,
    });
  }

  async function post(
    path: string,
    body: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  const sentUpstream = (predicate: (path: string, body: string) => boolean) =>
    proxy.requests.filter((request) => predicate(request.path, request.body));

  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    directory = await mkdtemp(join(tmpdir(), 'pii-outbound-'));
    emulator = createGeminiEmulator({ minCachedContentTokens: 4_096 });
    const { baseUrl } = await emulator.start({ host: '127.0.0.1' });
    proxy = await startRecordingProxy(baseUrl);
  });

  afterEach(async () => {
    await app?.close();
    await proxy.close();
    await emulator.stop();
    await rm(directory, { recursive: true, force: true });
    nock.enableNetConnect();
  });

  it('sends no raw PII in agent calls, context caches, judge calls or logs, for short, long, escaped and plain transcripts, cached or not', async () => {
    await startApp();
    const elements = [escapedElement(SHORT_EPISODE), escapedElement(LONG_EPISODE), JSON.stringify(PLAIN_EPISODE)];
    const first = await post('/v2/models/podcast-pipeline/infer', inferBody(elements), { 'x-request-id': 'req-pii-1' });
    expect(first.status, JSON.stringify(first.json)).to.equal(200);
    const afterFirst = proxy.requests.length;
    const again = await post('/v2/models/podcast-pipeline/infer', inferBody(elements), { 'x-request-id': 'req-pii-2' });
    expect(again.status).to.equal(200);
    const bypass = await post('/v2/models/podcast-pipeline/infer', inferBody(elements, { cache: false }), { 'x-request-id': 'req-pii-3' });
    expect(bypass.status).to.equal(200);
    const feedback = await post(
      '/v2/models/podcast-pipeline/feedback',
      JSON.stringify({
        request_id: 'req-pii-1',
        rating: 2,
        comment: `Wrong about my card ${SEEDED_PII[3]}, mail me at ${SEEDED_PII[0]} or call ${SEEDED_PII[5]}.`,
        corrections: { summary: { overview: `Contact ${SEEDED_PII[1]}` } },
      }),
    );
    expect(feedback.status, JSON.stringify(feedback.json)).to.be.within(200, 299);
    await app.application.monitoring.evaluator.idle();
    await app.close();

    // Every path was exercised: agent calls, a context cache, judge calls; and the sinks were written.
    expect(afterFirst).to.be.greaterThan(0);
    expect(sentUpstream((path) => path.endsWith('/cachedContents') || path.includes('cachedContents?')).length).to.be.greaterThan(0);
    expect(
      sentUpstream((path, body) => path.includes(':generateContent') && body.includes('impartial evaluator')).length,
    ).to.be.greaterThan(0);
    expect(sentUpstream((path, body) => path.includes(':generateContent') && body.includes('[EMAIL]')).length).to.be.greaterThan(0);
    const payloads = await readFile(join(directory, 'payloads.jsonl'), 'utf8');
    const feedbackEvents = await readFile(join(directory, 'feedback.jsonl'), 'utf8');
    expect(payloads).to.include('[EMAIL]');
    expect(feedbackEvents).to.include('req-pii-1');

    for (const request of proxy.requests) expect(leaksIn(request.body), `${request.method} ${request.path}`).to.deep.equal([]);
    expect(leaksIn(payloads), 'payload log').to.deep.equal([]);
    expect(leaksIn(feedbackEvents), 'feedback events').to.deep.equal([]);
  });

  it('sends no raw PII in chunk and reduce calls of a transcript split over the chunk budget', async () => {
    await startApp({ CHUNK_MAX_INPUT_TOKENS: '2000', ONLINE_EVAL_SAMPLE_RATE: '0' });
    const response = await post('/v2/models/podcast-pipeline/infer', inferBody([escapedElement(LONG_EPISODE)]));
    expect(response.status, JSON.stringify(response.json)).to.equal(200);

    const generations = sentUpstream((path) => path.includes(':generateContent'));
    expect(generations.length, 'several chunk calls per agent plus reduce calls').to.be.greaterThan(6);
    for (const request of proxy.requests) expect(leaksIn(request.body), `${request.method} ${request.path}`).to.deep.equal([]);
  });

  it('uploads no raw PII in a batch job', async () => {
    await startApp({ ONLINE_EVAL_SAMPLE_RATE: '0' });
    const response = await post(
      '/v2/models/podcast-pipeline/jobs',
      inferBody([escapedElement(SHORT_EPISODE), JSON.stringify(PLAIN_EPISODE)]),
    );
    expect(response.status, JSON.stringify(response.json)).to.be.within(200, 299);

    expect(sentUpstream((path) => path.includes(':batchGenerateContent')).length).to.be.greaterThan(0);
    for (const request of proxy.requests) expect(leaksIn(request.body), `${request.method} ${request.path}`).to.deep.equal([]);
  });

  it('refuses a batch job, uploading nothing, when an input guardrail blocks an agent', async () => {
    await startApp({ ONLINE_EVAL_SAMPLE_RATE: '0', GUARDRAILS: JSON.stringify({ insights: { pii: 'block' } }) });
    const response = await post('/v2/models/podcast-pipeline/jobs', inferBody([escapedElement(SHORT_EPISODE)]));

    expect(response.status).to.equal(422);
    expect(response.json.error).to.match(/pii \(insights\)/);
    expect(sentUpstream((path) => path.includes(':batchGenerateContent'))).to.deep.equal([]);
  });

  it('redacts for every agent when any agent redacts, so a shared context cache never holds raw text', async () => {
    await startApp({ ONLINE_EVAL_SAMPLE_RATE: '0', GUARDRAILS: JSON.stringify({ '*': { pii: 'log' }, summarizer: { pii: 'redact' } }) });
    const response = await post('/v2/models/podcast-pipeline/infer', inferBody([escapedElement(LONG_EPISODE)]));
    expect(response.status, JSON.stringify(response.json)).to.equal(200);

    expect(sentUpstream((path) => path.includes('cachedContents')).length).to.be.greaterThan(0);
    for (const request of proxy.requests) expect(leaksIn(request.body), `${request.method} ${request.path}`).to.deep.equal([]);
  });
});
