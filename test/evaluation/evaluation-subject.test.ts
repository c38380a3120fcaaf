import { expect } from 'chai';
import type { RecordedCall } from '../../predictor/evaluation/call-recorder.js';
import { agentOutputsOf, buildEvaluationSubject } from '../../predictor/evaluation/evaluation-subject.js';
import { formatTranscriptBlock } from '../../predictor/pipeline/transcript-format.js';
import { fakeResult } from '../fakes/fake-language-model.js';
import { GOOD_FACT_CHECK, GOOD_SUMMARY, GROUNDING, sampleEpisode } from './support/subjects.js';

const outputs = {
  summary: JSON.stringify(GOOD_SUMMARY),
  insights: JSON.stringify({ error: { code: 'llm_timeout', message: 'timed out' } }),
  factChecks: JSON.stringify(GOOD_FACT_CHECK),
};

function call(agent: string, transcriptBlock: string, withGrounding: boolean): RecordedCall {
  return { agent, modelId: `${agent}-model`, transcriptBlock, result: fakeResult('{}', withGrounding ? { grounding: GROUNDING } : {}) };
}

describe('buildEvaluationSubject', () => {
  it('parses the outputs, leaving out an agent that answered with an error', () => {
    const subject = buildEvaluationSubject({ episode: sampleEpisode(), promptVersion: 'v2', outputs });
    expect(subject.summary).to.deep.equal(GOOD_SUMMARY);
    expect(subject.insights).to.equal(undefined);
    expect(subject.factCheck).to.deep.equal(GOOD_FACT_CHECK);
    expect(subject.promptVersion).to.equal('v2');
    expect('factCheckGrounding' in subject).to.equal(false);
  });

  it('takes models and grounding from the calls of this episode only', () => {
    const episode = sampleEpisode();
    const own = formatTranscriptBlock(episode);
    const calls = [call('summarizer', own, false), call('fact-checker', 'another episode', true), call('fact-checker', own, true)];
    const subject = buildEvaluationSubject({ episode, promptVersion: 'v1', outputs, calls });
    expect(subject.models).to.deep.equal({ summarizer: 'summarizer-model', 'fact-checker': 'fact-checker-model' });
    expect(subject.factCheckGrounding).to.equal(GROUNDING);
  });

  it('records null grounding when the calls were recorded but none of this episode had grounding', () => {
    const subject = buildEvaluationSubject({
      episode: sampleEpisode(),
      promptVersion: 'v1',
      outputs,
      calls: [call('fact-checker', 'other', true)],
    });
    expect(subject.factCheckGrounding).to.equal(null);
  });
});

describe('agentOutputsOf', () => {
  it('reads element i of each agent output, strings and bytes alike', () => {
    const response = {
      outputs: [
        { name: 'summary', datatype: 'BYTES' as const, shape: [2], data: ['s0', new TextEncoder().encode('s1')] },
        { name: 'insights', datatype: 'BYTES' as const, shape: [2], data: ['i0', 'i1'] },
      ],
    };
    expect(agentOutputsOf(response, 1)).to.deep.equal({ summary: 's1', insights: 'i1', factChecks: undefined });
  });
});
