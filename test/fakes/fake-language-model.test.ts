import { expect } from 'chai';
import { CancelledError, LlmUnavailableError } from '../../predictor/errors.js';
import { deferredStep, FakeLanguageModel, fakeResult, hangUntilAborted } from './fake-language-model.js';

describe('FakeLanguageModel', () => {
  it('replays results and errors in order and records each request', async () => {
    const model = new FakeLanguageModel({ steps: [new LlmUnavailableError('down', 503), fakeResult('ok')] });

    const first = await model.generate({ contents: ['a'] }).catch((error: unknown) => error);
    const second = await model.generate({ contents: ['b'] });

    expect(first).to.be.instanceOf(LlmUnavailableError);
    expect(second.text).to.equal('ok');
    expect(model.calls.map((call) => call.request.contents[0])).to.deep.equal(['a', 'b']);
    expect(model.remainingSteps).to.equal(0);
  });

  it('answers through the fallback function once the script is used up, and fails without one', async () => {
    const echo = new FakeLanguageModel({ fallback: (request) => fakeResult(request.contents.join('|')) });
    const strict = new FakeLanguageModel();

    expect((await echo.generate({ contents: ['x', 'y'] })).text).to.equal('x|y');
    let failure: unknown;
    await strict.generate({ contents: ['x'] }).catch((error: unknown) => (failure = error));
    expect(String(failure)).to.contain('no scripted step left');
  });

  it('hangs until the signal aborts and rejects with its reason', async () => {
    const model = new FakeLanguageModel({ steps: [hangUntilAborted, hangUntilAborted] });
    const controller = new AbortController();

    const pending = model.generate({ contents: ['x'] }, { signal: controller.signal }).catch((error: unknown) => error);
    controller.abort(new CancelledError('gone'));

    expect(await pending).to.be.instanceOf(CancelledError);
  });

  it('answers each agent from its own queue once the shared steps are gone, then from the fallback', async () => {
    const model = new FakeLanguageModel({
      steps: [fakeResult('shared')],
      agentSteps: { insights: [fakeResult('insights 1'), fakeResult('insights 2')] },
      fallback: (request) => fakeResult(`default for ${request.labels?.agent}`),
    });
    const ask = (agent: string) => model.generate({ contents: ['x'], labels: { agent } }).then((result) => result.text);

    expect([
      await ask('insights'),
      await ask('summarizer'),
      await ask('insights'),
      await ask('insights'),
      await ask('insights'),
    ]).to.deep.equal(['shared', 'default for summarizer', 'insights 1', 'insights 2', 'default for insights']);
  });

  it('settles a deferred step when the test says so', async () => {
    const deferred = deferredStep();
    const model = new FakeLanguageModel({ steps: [deferred.step] });
    const pending = model.generate({ contents: ['x'] });
    deferred.resolve(fakeResult('later'));
    expect((await pending).text).to.equal('later');
  });
});
