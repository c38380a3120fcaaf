import { expect } from 'chai';
import { createCallRecorder } from '../../predictor/evaluation/call-recorder.js';
import type { LanguageModelProvider } from '../../predictor/llm/language-model.js';
import { FakeLanguageModel, fakeResult } from '../fakes/fake-language-model.js';
import { GROUNDING } from './support/subjects.js';

function providerOf(model: FakeLanguageModel): LanguageModelProvider {
  return { languageModel: () => model };
}

describe('createCallRecorder', () => {
  it('records the calls made inside a scope with their labels, transcript block and grounding', async () => {
    const recorder = createCallRecorder();
    const model = recorder
      .wrapProvider(providerOf(new FakeLanguageModel({ fallback: fakeResult('{}', { grounding: GROUNDING }) })))
      .languageModel('gemini-flash');

    const { value, calls } = await recorder.record(async () => {
      await model.generate({ contents: ['<<<TRANSCRIPT a', 'go'], labels: { agent: 'fact-checker', prompt_version: 'v2' } });
      return 'done';
    });

    expect(value).to.equal('done');
    expect(calls).to.have.length(1);
    expect(calls[0]).to.include({
      agent: 'fact-checker',
      promptVersion: 'v2',
      modelId: 'gemini-flash',
      transcriptBlock: '<<<TRANSCRIPT a',
    });
    expect(calls[0]?.result.grounding).to.equal(GROUNDING);
  });

  it('keeps concurrent scopes apart and records nothing outside a scope', async () => {
    const recorder = createCallRecorder();
    const model = recorder
      .wrapProvider(providerOf(new FakeLanguageModel({ fallback: (request) => fakeResult(request.contents[0] ?? '') })))
      .languageModel('m');
    const first = recorder.record(async () => {
      await model.generate({ contents: ['first'] });
      await model.generate({ contents: ['first again'] });
    });
    const second = recorder.record(() => model.generate({ contents: ['second'] }));
    await model.generate({ contents: ['outside'] });

    const [a, b] = await Promise.all([first, second]);
    expect(a.calls.map((call) => call.transcriptBlock)).to.deep.equal(['first', 'first again']);
    expect(b.calls.map((call) => call.transcriptBlock)).to.deep.equal(['second']);
  });

  it('wraps each model id once', () => {
    const recorder = createCallRecorder();
    const provider = recorder.wrapProvider(providerOf(new FakeLanguageModel()));
    expect(provider.languageModel('a')).to.equal(provider.languageModel('a'));
  });

  it('rethrows what the work throws', async () => {
    const recorder = createCallRecorder();
    let caught: unknown;
    try {
      await recorder.record(() => Promise.reject(new Error('boom')));
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).message).to.equal('boom');
  });
});
