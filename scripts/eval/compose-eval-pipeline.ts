/**
 * @module scripts/eval/compose-eval-pipeline
 * The pipeline of one evaluation variant, built the way the server builds it: the server's
 * LLM stack (`composeLlm`: backend or in-process emulator, price table, retry, timeout,
 * cache, fallback) and the pipeline model with the server's settings, over a provider
 * wrapped by a call recorder so the grounding of every call reaches the source check.
 */
import { composeLlm, type ComposeLlmOptions, type LlmStack } from '../../predictor/composition/compose-llm.js';
import type { PredictorModel } from '../../predictor/contract/predictor-model.js';
import { pipelineModelOptionsFrom } from '../../predictor/composition/pipeline-model-options.js';
import { createPipelineModel } from '../../predictor/pipeline/pipeline-model.js';
import { createCallRecorder, type CallRecorder } from '../../predictor/evaluation/call-recorder.js';

export interface EvalPipeline {
  readonly llm: LlmStack;
  readonly recorder: CallRecorder;
  readonly model: PredictorModel;
}

/** The LLM stack's inputs; eval metrics go to a registry of their own (they are not served). */
export type ComposeEvalPipelineOptions = ComposeLlmOptions;

/** Builds and loads the variant's pipeline; `llm.close()` releases it (and its emulator). */
export async function composeEvalPipeline(options: ComposeEvalPipelineOptions): Promise<EvalPipeline> {
  const { config, now } = options;
  const llm = await composeLlm(options);
  const recorder = createCallRecorder();
  const model = createPipelineModel(
    pipelineModelOptionsFrom({ config, llm, models: recorder.wrapProvider(llm.provider), onEvent: () => {}, now }),
  );
  await model.load();
  return { llm, recorder, model };
}
