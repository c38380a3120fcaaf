import { expect } from 'chai';
import { CancelledError, OverloadedError } from '../../../predictor/errors.js';
import { withBulkhead } from '../../../predictor/llm/middleware/with-bulkhead.js';
import { wrapModel } from '../../../predictor/llm/wrap-model.js';
import { FakeLanguageModel, deferredStep, fakeResult } from '../../fakes/fake-language-model.js';
import { flushPromises } from './manual-clock.js';

describe('withBulkhead', () => {
  it('runs up to the limit, queues the next and sheds the rest as OverloadedError', async () => {
    const first = deferredStep();
    const second = deferredStep();
    const inner = new FakeLanguageModel({ steps: [first.step, second.step, fakeResult('queued')] });
    const model = wrapModel({ model: inner, middleware: [withBulkhead({ maxConcurrentCalls: 2, maxQueuedCalls: 1 })] });

    const running = [model.generate({ contents: ['1'] }), model.generate({ contents: ['2'] })];
    const queued = model.generate({ contents: ['3'] });
    const shed = await model.generate({ contents: ['4'] }).catch((caught: unknown) => caught);

    expect(shed).to.be.instanceOf(OverloadedError);
    expect((shed as OverloadedError).retryAfterSeconds).to.equal(1);
    await flushPromises();
    expect(inner.calls.map((call) => call.request.contents[0])).to.deep.equal(['1', '2']);

    first.resolve(fakeResult('first'));
    expect((await queued).text).to.equal('queued');
    second.resolve(fakeResult('ok'));
    await Promise.all(running);
    expect(inner.calls).to.have.length(3);
  });

  it('lets a queued caller leave on abort without ever calling upstream for it', async () => {
    const first = deferredStep();
    const inner = new FakeLanguageModel({ steps: [first.step, fakeResult('after')] });
    const model = wrapModel({ model: inner, middleware: [withBulkhead({ maxConcurrentCalls: 1, maxQueuedCalls: 2 })] });
    const controller = new AbortController();

    const running = model.generate({ contents: ['1'] });
    const queued = model.generate({ contents: ['2'] }, { signal: controller.signal }).catch((caught: unknown) => caught);
    controller.abort();
    expect(await queued).to.be.instanceOf(CancelledError);

    first.resolve(fakeResult('ok'));
    await running;
    expect((await model.generate({ contents: ['3'] })).text).to.equal('after');
    expect(inner.calls.map((call) => call.request.contents[0])).to.deep.equal(['1', '3']);
  });

  it('keeps separate slots per model', async () => {
    const blocked = deferredStep();
    const middleware = withBulkhead({ maxConcurrentCalls: 1, maxQueuedCalls: 0 });
    const flash = wrapModel({ model: new FakeLanguageModel({ modelId: 'flash', steps: [blocked.step] }), middleware: [middleware] });
    const pro = wrapModel({ model: new FakeLanguageModel({ modelId: 'pro', steps: [fakeResult('pro')] }), middleware: [middleware] });
    const pending = flash.generate({ contents: ['1'] });
    expect((await pro.generate({ contents: ['1'] })).text).to.equal('pro');
    expect(await flash.generate({ contents: ['2'] }).catch((caught: unknown) => caught)).to.be.instanceOf(OverloadedError);
    blocked.resolve(fakeResult('ok'));
    await pending;
  });
});
