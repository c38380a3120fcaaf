/**
 * @module test/evaluation/support/predictions
 * An answered pipeline request for the sample episode, as the online evaluator receives it.
 */
import type { RecordedCall } from '../../../predictor/evaluation/call-recorder.js';
import type { SampledPrediction } from '../../../predictor/evaluation/online-evaluator.js';
import { formatTranscriptBlock } from '../../../predictor/pipeline/transcript-format.js';
import { fakeResult } from '../../fakes/fake-language-model.js';
import { GOOD_FACT_CHECK, GOOD_INSIGHTS, GOOD_SUMMARY, GROUNDING, sampleEpisode, WIRE_EPISODE } from './subjects.js';

const encoder = new TextEncoder();

/** The prediction of one sample episode; `requestId` varies per test. */
export function samplePrediction(requestId = 'req-1', promptVersion = 'v1'): SampledPrediction {
  const block = formatTranscriptBlock(sampleEpisode());
  const calls: RecordedCall[] = [
    { agent: 'summarizer', modelId: 'gemini-lite', transcriptBlock: block, result: fakeResult('{}') },
    { agent: 'fact-checker', modelId: 'gemini-flash', transcriptBlock: block, result: fakeResult('{}', { grounding: GROUNDING }) },
  ];
  const output = (name: string, value: unknown) => ({ name, datatype: 'BYTES' as const, shape: [1], data: [JSON.stringify(value)] });
  return {
    modelName: 'podcast-pipeline',
    requestId,
    request: { inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [encoder.encode(JSON.stringify(WIRE_EPISODE))] }] },
    response: {
      outputs: [output('summary', GOOD_SUMMARY), output('insights', GOOD_INSIGHTS), output('fact_checks', GOOD_FACT_CHECK)],
      parameters: { prompt_version: promptVersion },
    },
    calls,
  };
}
