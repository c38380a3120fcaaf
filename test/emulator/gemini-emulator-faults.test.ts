import { expect } from 'chai';
import {
  CancelledError,
  ContentBlockedError,
  LlmInvalidResponseError,
  LlmRateLimitedError,
  LlmRejectedError,
  LlmUnavailableError,
  type PredictorError,
} from '../../predictor/errors.js';
import { createGeminiClient } from '../../predictor/llm/gemini-client.js';
import { createGeminiModel } from '../../predictor/llm/gemini-model.js';
import { SUMMARY_SCHEMA } from '../../predictor/pipeline/agent-output-schemas.js';
import { formatTranscriptBlock } from '../../predictor/pipeline/transcript-format.js';
import { startEmulatorHarness, type EmulatorHarness } from './emulator-harness.js';
import { SAMPLE_EPISODE } from './sample-episode.js';
import { rejectionOf } from '../support/rejection-of.js';

const REQUEST = { contents: [formatTranscriptBlock(SAMPLE_EPISODE)], responseJsonSchema: SUMMARY_SCHEMA };

/** Resolves once the emulator has received `count` generation calls (event-driven, no timers). */
async function untilGenerations(harness: EmulatorHarness, count: number): Promise<void> {
  while (harness.emulator.stats().generations < count) await new Promise((resolve) => setImmediate(resolve));
}

describe('createGeminiEmulator faults (through the adapter)', () => {
  let harness: EmulatorHarness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  const cases: readonly { fault: string; type: abstract new (...args: never[]) => Error; check?: (error: PredictorError) => void }[] = [
    { fault: '429', type: LlmRateLimitedError, check: (error) => expect(error.retryAfterSeconds).to.equal(1) },
    { fault: '503', type: LlmUnavailableError, check: (error) => expect(error.message).to.contain('is overloaded (503)') },
    { fault: '500', type: LlmUnavailableError, check: (error) => expect((error as LlmUnavailableError).upstreamStatus).to.equal(500) },
    { fault: 'malformed', type: LlmInvalidResponseError },
    { fault: 'safety', type: ContentBlockedError, check: (error) => expect(error.message).to.contain('(SAFETY)') },
    { fault: 'prompt-blocked', type: ContentBlockedError, check: (error) => expect(error.message).to.contain('blocked the prompt') },
  ];
  for (const { fault, type, check } of cases) {
    it(`maps the model-suffix fault ${fault} to ${type.name}`, async () => {
      harness = await startEmulatorHarness();

      const error = await rejectionOf(harness.model(`gemini-3.8-flash-fault-${fault}`).generate(REQUEST));

      expect(error).to.be.instanceOf(type);
      check?.(error);
    });
  }

  it('replays scripted faults in order, then answers normally', async () => {
    harness = await startEmulatorHarness();
    harness.emulator.scriptFaults(['503', '429']);
    const model = harness.model();

    const first = await rejectionOf(model.generate(REQUEST));
    const second = await rejectionOf(model.generate(REQUEST));
    const third = await model.generate(REQUEST);

    expect(first).to.be.instanceOf(LlmUnavailableError);
    expect(second).to.be.instanceOf(LlmRateLimitedError);
    expect(third.finishReason).to.equal('stop');
    expect(harness.emulator.stats()).to.deep.equal({ requests: 3, generations: 3, faults: 2 });
  });

  it('takes a fault from the x-emulator-fault header', async () => {
    harness = await startEmulatorHarness();

    const error = await rejectionOf(
      harness.client.models.generateContent({
        model: 'gemini-3.8-flash',
        contents: 'hello',
        config: { httpOptions: { headers: { 'x-emulator-fault': '500' } } },
      }),
    );

    expect(error.constructor.name).to.equal('ApiError');
    expect((error as unknown as { status: number }).status).to.equal(500);
  });

  it('hangs until the caller aborts, then keeps serving', async () => {
    harness = await startEmulatorHarness();
    const controller = new AbortController();
    const hanging = rejectionOf(harness.model('gemini-3.8-flash-fault-hang').generate(REQUEST, { signal: controller.signal }));
    await untilGenerations(harness, 1);

    const answered = await harness.model().generate(REQUEST);
    controller.abort();
    const error = await hanging;

    expect(answered.finishReason).to.equal('stop');
    expect(error).to.be.instanceOf(CancelledError);
    expect((await harness.model().generate(REQUEST)).finishReason).to.equal('stop');
  });

  it('stops promptly while a call hangs', async () => {
    harness = await startEmulatorHarness();
    const hanging = rejectionOf(harness.model('gemini-3.8-flash-fault-hang').generate(REQUEST));
    await untilGenerations(harness, 1);

    await harness.stop();
    const error = await hanging;

    expect(error).to.be.instanceOf(LlmUnavailableError);
  });

  it('fails the faultRate share of calls, choosing the transient kind from random', async () => {
    // Per call: one draw decides whether to fail, a second which of 429 / 503 / 500.
    const draws = [0.05, 0.0, 0.9, 0.05, 0.5, 0.05, 0.99];
    harness = await startEmulatorHarness({ faultRate: 0.1, random: () => draws.shift() ?? 1 });
    const model = harness.model();

    const outcomes = [];
    for (let call = 0; call < 4; call++) {
      outcomes.push(
        await model.generate(REQUEST).then(
          () => 'ok',
          (error: Error) => error.constructor.name,
        ),
      );
    }

    expect(outcomes).to.deep.equal(['LlmRateLimitedError', 'ok', 'LlmUnavailableError', 'LlmUnavailableError']);
  });

  it('waits latencyMs through the injected sleep before each generation', async () => {
    const sleeps: number[] = [];
    harness = await startEmulatorHarness({ latencyMs: 250, sleep: async (milliseconds) => void sleeps.push(milliseconds) });

    await harness.model().generate(REQUEST);
    await harness.model().generate(REQUEST);

    expect(sleeps).to.deep.equal([250, 250]);
  });

  it('rejects a wrong API key with API_KEY_INVALID when a key is configured', async () => {
    harness = await startEmulatorHarness({ apiKey: 'right-key' });
    const client = createGeminiClient({ backend: 'emulator', apiKey: 'wrong-key', apiVersion: 'v1beta', baseUrl: harness.baseUrl });
    const wrong = createGeminiModel({ client, modelId: 'gemini-3.8-flash' });

    const error = await rejectionOf(wrong.generate(REQUEST));
    const answered = await harness.model().generate(REQUEST);

    expect(error).to.be.instanceOf(LlmRejectedError);
    expect(error.message).to.contain('rejected the API key (400)');
    expect(answered.finishReason).to.equal('stop');
  });

  it('answers unknown paths and a missing key with JSON errors', async () => {
    harness = await startEmulatorHarness();

    const unknown = await fetch(`${harness.baseUrl}/v1beta/models/gemini-3.8-flash:embedContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'k' },
    });
    const anonymous = await fetch(`${harness.baseUrl}/v1beta/cachedContents`);

    expect(unknown.status).to.equal(404);
    expect(((await unknown.json()) as { error: { status: string } }).error.status).to.equal('NOT_FOUND');
    expect(anonymous.status).to.equal(403);
    expect(((await anonymous.json()) as { error: { status: string } }).error.status).to.equal('PERMISSION_DENIED');
  });
});
