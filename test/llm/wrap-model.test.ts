import { expect } from 'chai';
import type { LanguageModelMiddleware } from '../../predictor/llm/language-model.js';
import { wrapModel } from '../../predictor/llm/wrap-model.js';
import { FakeLanguageModel, fakeResult } from '../fakes/fake-language-model.js';

/** A middleware that supplies only `generate` and notes its name around the inner call. */
function tagging(name: string, trail: string[]): LanguageModelMiddleware {
  return (model) => ({
    async generate(request, options) {
      trail.push(`${name} in`);
      const result = await model.generate(request, options);
      trail.push(`${name} out`);
      return { ...result, text: `${name}(${result.text})` };
    },
  });
}

describe('wrapModel', () => {
  it('carries the model metadata through middleware that supplies only its calls', () => {
    const inner = new FakeLanguageModel({ modelId: 'gemini-3.8-pro', supportsGroundedJson: false, steps: [] });
    const model = wrapModel({ model: inner, middleware: [tagging('a', []), tagging('b', [])] });
    expect(model.modelId).to.equal('gemini-3.8-pro');
    expect(model.supportsGroundedJson).to.equal(false);
  });

  it('makes the first middleware listed the outermost', async () => {
    const trail: string[] = [];
    const inner = new FakeLanguageModel({ steps: [fakeResult('x')] });
    const model = wrapModel({ model: inner, middleware: [tagging('outer', trail), tagging('inner', trail)] });
    const result = await model.generate({ contents: ['hi'] });
    expect(result.text).to.equal('outer(inner(x))');
    expect(trail).to.deep.equal(['outer in', 'inner in', 'inner out', 'outer out']);
  });

  it('passes a call the middleware does not wrap straight to the model below', async () => {
    const inner = new FakeLanguageModel({ steps: [fakeResult('plain')] });
    const model = wrapModel({ model: inner, middleware: [() => ({})] });
    const signal = new AbortController().signal;
    expect((await model.generate({ contents: ['hi'] }, { signal })).text).to.equal('plain');
    expect(inner.calls).to.have.length(1);
    expect(inner.calls[0]!.options.signal).to.equal(signal);
  });
});
