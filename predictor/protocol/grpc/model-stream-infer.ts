/**
 * @module protocol/grpc/model-stream-infer
 * Triton's `ModelStreamInfer` (bidirectional; grpc_service.proto of Triton's common repo) on
 * the same data plane as ModelInfer. For each request the client sends: one response per
 * agent as it finishes (that agent's output tensor, and parameters naming the agent and its
 * episode), then the final response, exactly what ModelInfer answers (every output, the
 * report included, and the request's totals). Streamed responses carry Triton's
 * `triton_final_response` parameter (false, then true) and the request's `id`. A failed
 * agent is its error object in its slot, not the end of anything; a request that fails
 * answers `error_message` (as Triton does) and the stream stays open for the next request.
 * Requests of one stream run concurrently; the stream ends once the client half-closed and
 * every request was answered.
 */
import type { ServerDuplexStream, handleBidiStreamingCall } from '@grpc/grpc-js';
import type { AgentPart, RequestContext } from '../../contract/request-context.js';
import type { ModelResponse, Parameters, Tensor } from '../../contract/tensor.js';
import type { DataPlane } from '../../dataplane/data-plane.js';
import { raceAbort } from '../../abort.js';
import type { DecodedGrpcInferRequest, EncodeModelInferResponseOptions } from './grpc-tensor-codec.js';
import type { ModelInferRequest, ModelInferResponse, ModelStreamInferResponse } from './grpc-wire-types.js';

export type ModelStreamInferCall = ServerDuplexStream<ModelInferRequest, ModelStreamInferResponse>;

export interface ModelStreamInferOptions {
  readonly dataPlane: DataPlane;
  /** The gRPC codec with REST's validator; throws PredictorError on bad input. */
  readonly decodeRequest: (message: ModelInferRequest) => DecodedGrpcInferRequest;
  readonly encodeResponse: (options: EncodeModelInferResponseOptions) => ModelInferResponse;
  /**
   * Authenticates the call's metadata for `infer` on `modelName` (throws when refused); the
   * context's signal aborts when the client cancels, the deadline passes or shutdown gives up.
   */
  readonly contextOf: (call: ModelStreamInferCall, modelName: string) => Promise<RequestContext>;
  /** The one gRPC error map's message ("internal error" for anything unexpected). */
  readonly errorMessageOf: (error: unknown) => string;
}

/** Triton's parameter marking the last response of a request on a stream. */
export const FINAL_RESPONSE_PARAMETER = 'triton_final_response';

/** The parameters of one agent's response: who, which episode, and its error code when it failed. */
function partParameters(part: AgentPart): Parameters {
  return {
    agent: part.agent,
    episode_index: part.episodeIndex,
    ...(part.error === undefined ? {} : { agent_error_code: part.error.code }),
    [FINAL_RESPONSE_PARAMETER]: false,
  };
}

/** The part's outputs the request asked for (all when it named none), as the final response filters them. */
function requestedOutputs(part: AgentPart, decoded: DecodedGrpcInferRequest): readonly Tensor[] {
  const requested = decoded.request.outputs;
  if (requested === undefined || requested.length === 0) return part.outputs;
  const names = new Set(requested.map((output) => output.name));
  return part.outputs.filter((output) => names.has(output.name));
}

/** The ModelStreamInfer handler grpc-js serves. */
export function createModelStreamInferHandler(
  options: ModelStreamInferOptions,
): handleBidiStreamingCall<ModelInferRequest, ModelStreamInferResponse> {
  const { dataPlane, decodeRequest, encodeResponse, contextOf, errorMessageOf } = options;

  return function modelStreamInfer(call) {
    let pending = 0;
    let isHalfClosed = false;
    const isOpen = (): boolean => !call.cancelled && !call.destroyed && !call.writableEnded;
    const send = (message: ModelStreamInferResponse): void => {
      if (isOpen()) call.write(message);
    };
    const endIfDone = (): void => {
      if (isHalfClosed && pending === 0 && isOpen()) call.end();
    };

    async function answer(message: ModelInferRequest): Promise<void> {
      try {
        const context = await contextOf(call, message.model_name);
        const decoded = decodeRequest(message);
        const { modelName, modelVersion, useRawOutputs } = decoded;
        const id = decoded.request.id;
        const encode = (response: ModelResponse): ModelStreamInferResponse => ({
          infer_response: encodeResponse({ modelName, modelVersion, response, useRawOutputs }),
        });
        const progress = {
          agentFinished(part: AgentPart) {
            const outputs = requestedOutputs(part, decoded);
            send(encode({ ...(id === undefined ? {} : { id }), outputs, parameters: partParameters(part) }));
          },
        };
        const response = await raceAbort(
          dataPlane.infer(modelName, modelVersion, decoded.request, { ...context, progress }),
          context.signal,
        );
        send(encode({ ...response, parameters: { ...response.parameters, [FINAL_RESPONSE_PARAMETER]: true } }));
      } catch (error) {
        // This request's failure, not the stream's (a cancelled call has no one left to tell).
        send({ error_message: errorMessageOf(error) });
      }
    }

    call.on('data', (message: ModelInferRequest) => {
      pending++;
      void answer(message).finally(() => {
        pending--;
        endIfDone();
      });
    });
    // The call runner records a cancelled or broken call; an unheard 'error' would crash the process.
    call.on('error', () => undefined);
    call.on('end', () => {
      isHalfClosed = true;
      endIfDone();
    });
  };
}
