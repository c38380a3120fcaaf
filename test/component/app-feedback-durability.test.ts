/**
 * @module test/component/app-feedback-durability
 * "Acknowledged means stored", over loopback against the whole app: every 202 from
 * `POST /v2/models/{name}/feedback` is a record in the sink, a sink that cannot keep up or
 * fails gets 503 with Retry-After instead of a silent drop, `feedback_total` counts stored
 * records only, and no seeded PII reaches the sink.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import nock from 'nock';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';

const MODEL = 'podcast-pipeline';
const FEEDBACK_URL = (app: TestApplication) => `${app.baseUrl}/v2/models/${MODEL}/feedback`;

interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: Record<string, unknown>;
}

async function postFeedback(app: TestApplication, body: unknown): Promise<Answer> {
  const response = await fetch(FEEDBACK_URL(app), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** Sum of every sample of `name` (any labels) in the app's /metrics, 0 when absent. */
async function metricSum(app: TestApplication, name: string, labelFilter = ''): Promise<number> {
  const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
  const pattern = new RegExp(`^${name}\\{([^}]*)\\} (\\d+(?:\\.\\d+)?)$`, 'gm');
  let sum = 0;
  for (const [, labels = '', value] of text.matchAll(pattern)) if (labels.includes(labelFilter)) sum += Number(value);
  return sum;
}

/** A loopback CloudEvents receiver: records `ce-id`s, answers `status`, or holds requests while `hold` is set. */
function startReceiver(status: number) {
  const received: string[] = [];
  const held: ServerResponse[] = [];
  let isHolding = false;
  let onReceived: (() => void) | undefined;
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      if (status < 300) received.push(String(request.headers['ce-id']));
      if (isHolding) held.push(response);
      else response.writeHead(status).end();
      onReceived?.();
    });
  });
  return {
    received,
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
    },
    hold: () => (isHolding = true),
    /** Resolves once `count` events reached the receiver. */
    whenReceived: (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => held.length + received.length >= count && resolve();
        onReceived = check;
        check();
      }),
    release() {
      isHolding = false;
      for (const response of held.splice(0)) response.writeHead(status).end();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Settles `promises` and resolves once `count` of them have settled. */
function whenSettled<T>(promises: readonly Promise<T>[], count: number): Promise<void> {
  let settled = 0;
  return new Promise((resolve) => {
    if (count === 0) resolve();
    for (const promise of promises) {
      void promise.finally(() => {
        settled += 1;
        if (settled === count) resolve();
      });
    }
  });
}

describe('feedback durability (whole app over loopback)', function () {
  this.timeout(60000);
  let app: TestApplication | undefined;
  let directory: string | undefined;

  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  after(() => nock.enableNetConnect());
  afterEach(async () => {
    await app?.close();
    app = undefined;
    if (directory) await rm(directory, { recursive: true, force: true });
    directory = undefined;
  });

  async function startWithFileSink(env: Record<string, string> = {}): Promise<string> {
    directory = await mkdtemp(join(tmpdir(), 'feedback-durability-'));
    const path = join(directory, 'feedback.jsonl');
    app = await composeTestApp({ FEEDBACK_SINK: pathToFileURL(path).href, ...env });
    return path;
  }

  it('stores all 500 concurrent feedback posts to the default JSONL sink, one record per 202 receipt', async () => {
    const path = await startWithFileSink();

    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, index) =>
        postFeedback(app!, { request_id: `req-${index}`, rating: (index % 5) + 1, comment: `comment ${index}` }),
      ),
    );

    expect(answers.map((answer) => answer.status)).to.deep.equal(Array.from({ length: 500 }, () => 202));
    const receiptIds = answers.map((answer) => answer.body.id as string);
    expect(new Set(receiptIds).size).to.equal(500);
    const records = (await readFile(path, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; requestid: string; data: { request_id: string } });
    expect(records).to.have.length(500);
    expect(new Set(records.map((record) => record.id))).to.deep.equal(new Set(receiptIds));
    for (const answer of answers) {
      const record = records.find((candidate) => candidate.id === answer.body.id);
      expect(record?.data.request_id).to.equal(answer.body.request_id);
    }
    expect(await metricSum(app!, 'feedback_total')).to.equal(500);
    expect(await metricSum(app!, 'feedback_rejected_total')).to.equal(0);
  });

  it('answers 503 with Retry-After past FEEDBACK_MAX_PENDING while the sink is blocked, and stores every 202', async () => {
    const receiver = startReceiver(202);
    try {
      const url = await receiver.listen();
      app = await composeTestApp({ FEEDBACK_SINK: url, FEEDBACK_MAX_PENDING: '4', FEEDBACK_WRITE_TIMEOUT_MS: '30000' });
      receiver.hold();

      const posts = Array.from({ length: 20 }, (_, index) => postFeedback(app!, { request_id: `held-${index}`, rating: 3 }));
      // Four records fit the bound; the other sixteen are refused without waiting for the sink.
      await Promise.all([receiver.whenReceived(1), whenSettled(posts, 16)]);
      receiver.release();
      const answers = await Promise.all(posts);

      const accepted = answers.filter((answer) => answer.status === 202);
      const refused = answers.filter((answer) => answer.status === 503);
      expect(accepted).to.have.length(4);
      expect(refused).to.have.length(16);
      for (const answer of refused) {
        expect(answer.retryAfter).to.match(/^\d+$/);
        expect(Object.keys(answer.body)).to.deep.equal(['error']);
      }
      expect(new Set(receiver.received)).to.deep.equal(new Set(accepted.map((answer) => answer.body.id)));
      expect(await metricSum(app, 'feedback_total')).to.equal(4);
      expect(await metricSum(app, 'feedback_rejected_total', 'reason="overloaded"')).to.equal(16);
    } finally {
      receiver.release();
      await app?.close();
      app = undefined;
      await receiver.close();
    }
  });

  it('answers 503 with Retry-After when the HTTP sink fails, and counts the refusal instead of the feedback', async () => {
    const receiver = startReceiver(500);
    try {
      app = await composeTestApp({ FEEDBACK_SINK: await receiver.listen() });

      const answer = await postFeedback(app, { request_id: 'req-failing', rating: 1 });

      expect(answer.status).to.equal(503);
      expect(answer.retryAfter).to.match(/^\d+$/);
      expect(answer.body).to.have.keys('error');
      expect(String(answer.body.error)).not.to.contain('HTTP 500');
      expect(await metricSum(app, 'feedback_total')).to.equal(0);
      expect(await metricSum(app, 'feedback_rejected_total', 'reason="sink_failed"')).to.equal(1);
    } finally {
      await app?.close();
      app = undefined;
      await receiver.close();
    }
  });

  it('redacts emails, cards and phones from every free-text field before the record is stored', async () => {
    const path = await startWithFileSink();
    const email = 'jane.doe@example.com';
    const card = '4111 1111 1111 1111';
    const phone = '415-555-0134';

    const answer = await postFeedback(app!, {
      request_id: 'req-pii',
      rating: 2,
      labels: [phone, 'wrong-quote'],
      comment: `Call me on ${phone} or mail ${email}; card ${card}.`,
      corrections: {
        summary: { overview: `Contact ${email}`, nested: [{ note: `paid with ${card}` }] },
        insights: `ring +44 20 7946 0958`,
      },
    });

    expect(answer.status).to.equal(202);
    const stored = await readFile(path, 'utf8');
    for (const seeded of [email, card, phone, '+44 20 7946 0958']) expect(stored).not.to.contain(seeded);
    expect(stored).to.contain('[EMAIL]').and.to.contain('[CARD]').and.to.contain('[PHONE]').and.to.contain('wrong-quote');
  });

  it('redacts only the PII kinds configured in GUARDRAIL_PII_KINDS', async () => {
    const path = await startWithFileSink({ GUARDRAIL_PII_KINDS: 'email' });

    const answer = await postFeedback(app!, { request_id: 'req-kinds', rating: 2, comment: 'jane.doe@example.com, 415-555-0134' });

    expect(answer.status).to.equal(202);
    const stored = await readFile(path, 'utf8');
    expect(stored).to.contain('[EMAIL], 415-555-0134');
  });
});
