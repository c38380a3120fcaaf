import { expect } from 'chai';
import type { ModelMetadata } from '../../predictor/contract/predictor-model.js';
import { InvalidInputError } from '../../predictor/errors.js';
import {
  encodeGeneratePart,
  encodeGenerateResponse,
  PLAIN_TRANSCRIPT_TITLE,
  toInferenceRequest,
} from '../../predictor/protocol/generate-codec.js';

const METADATA: ModelMetadata = {
  name: 'podcast-pipeline',
  versions: ['1'],
  platform: 'test',
  inputs: [{ name: 'episode', datatype: 'BYTES', shape: [-1] }],
  outputs: [{ name: 'report', datatype: 'BYTES', shape: [-1] }],
};

describe('generate codec', () => {
  it('passes an episode JSON through as the one element of the model input, with the other parameters', () => {
    const episode = '  {"title": "T", "transcript": "A: hi"}';
    expect(toInferenceRequest({ text_input: episode, parameters: { prompt_version: 'v2', title: 'ignored' } }, METADATA)).to.deep.equal({
      inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [episode] }],
      parameters: { prompt_version: 'v2' },
    });
  });

  it('wraps a plain transcript as an episode titled by the title parameter, or a default title', () => {
    const titled = toInferenceRequest({ text_input: 'Ann: hello', parameters: { title: 'Hello' } }, METADATA);
    const untitled = toInferenceRequest({ text_input: 'Ann: hello' }, METADATA);
    expect(JSON.parse(String(titled.inputs[0]?.data?.[0]))).to.deep.equal({ title: 'Hello', transcript: 'Ann: hello' });
    expect(JSON.parse(String(untitled.inputs[0]?.data?.[0]))).to.deep.equal({ title: PLAIN_TRANSCRIPT_TITLE, transcript: 'Ann: hello' });
    expect(untitled).not.to.have.property('parameters');
  });

  it('refuses a body that is not a generate request, naming what is wrong', () => {
    expect(() => toInferenceRequest([], METADATA)).to.throw(InvalidInputError, /JSON object/);
    expect(() => toInferenceRequest({ text_input: ['a'] }, METADATA)).to.throw(InvalidInputError, /text_input/);
    expect(() => toInferenceRequest({ text_input: 'a', parameters: 'v2' }, METADATA)).to.throw(
      InvalidInputError,
      /parameters must be an object/,
    );
    const twoInputs = { ...METADATA, inputs: [...METADATA.inputs, { name: 'other', datatype: 'BYTES' as const, shape: [-1] }] };
    expect(() => toInferenceRequest({ text_input: 'a' }, twoInputs)).to.throw(InvalidInputError, /one text input/);
  });

  it("encodes the response's first output as text_output, with its parameters and the named version", () => {
    const response = {
      id: 'r1',
      outputs: [{ name: 'report', datatype: 'BYTES' as const, shape: [1], data: [new TextEncoder().encode('# R\n')] }],
      parameters: { partial: false },
    };
    expect(encodeGenerateResponse('m', '1', response)).to.deep.equal({
      model_name: 'm',
      model_version: '1',
      text_output: '# R\n',
      id: 'r1',
      parameters: { partial: false },
    });
  });

  it('encodes an agent part with its structured output, or its error object instead', () => {
    const ok = {
      episodeIndex: 0,
      agent: 'summarizer',
      text: '## Summary\n',
      outputs: [{ name: 'summary', datatype: 'BYTES' as const, shape: [1], data: ['{"overview":"o"}'] }],
    };
    const error = { code: 'llm_unavailable', message: 'down' };
    const failed = { ...ok, outputs: [{ ...ok.outputs[0]!, data: [JSON.stringify({ error })] }], error };
    expect(encodeGeneratePart('m', undefined, ok)).to.deep.equal({
      model_name: 'm',
      text_output: '## Summary\n',
      agent: 'summarizer',
      output: { overview: 'o' },
    });
    expect(encodeGeneratePart('m', undefined, failed)).to.deep.equal({
      model_name: 'm',
      text_output: '## Summary\n',
      agent: 'summarizer',
      error,
    });
  });
});
