import { expect } from 'chai';
import { modelIdsByTier } from '../../predictor/config/sections/gemini-config.js';
import { loadConfig } from '../../predictor/config/load-config.js';
import { OverloadedError } from '../../predictor/errors.js';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';

/** The flash model id the composed app serves by default. */
const FLASH = modelIdsByTier(loadConfig({ env: {} }).gemini).flash;

/**
 * Fires `count` calls on one model of the composed app in one go and counts those the
 * bulkhead refuses. Every call reaches the bulkhead before any of them is answered: the
 * emulator answers over loopback HTTP, which the event loop handles only after the
 * synchronous and promise steps that admit, queue or refuse each call.
 */
async function overloadedOf(app: TestApplication, count: number): Promise<number> {
  const model = app.application.llm.provider.languageModel(FLASH);
  const settled = await Promise.allSettled(Array.from({ length: count }, (_, index) => model.generate({ contents: [`call ${index}`] })));
  const failures = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
  expect(failures.filter((reason) => !(reason instanceof OverloadedError))).to.deep.equal([]);
  return failures.length;
}

describe('bulkhead sized from CONTAINER_CONCURRENCY (whole app, emulator backend)', function () {
  this.timeout(30000);
  let app: TestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const start = (containerConcurrency: string) =>
    composeTestApp({
      CONTAINER_CONCURRENCY: containerConcurrency,
      LLM_FALLBACK_ENABLED: 'false',
      RESPONSE_CACHE_ENABLED: 'false',
      FEEDBACK_SINK: 'off',
    });

  // 3 x CONTAINER_CONCURRENCY calls running and four times that queued: 3 + 12 = 15 when CONTAINER_CONCURRENCY is 1.
  for (const [containerConcurrency, capacity] of [
    ['1', 15],
    ['2', 30],
  ] as const) {
    it(`CONTAINER_CONCURRENCY=${containerConcurrency}: takes ${capacity} calls on one model at once and refuses the next as overloaded`, async () => {
      app = await start(containerConcurrency);
      expect(await overloadedOf(app, capacity)).to.equal(0);
      expect(await overloadedOf(app, capacity + 1)).to.equal(1);
    });
  }
});
