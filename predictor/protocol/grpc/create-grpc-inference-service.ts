/**
 * @module protocol/grpc/create-grpc-inference-service
 * GRPCInferenceService's handlers on the SAME data plane as REST: each decodes (with REST's
 * validator and tensor codec), checks access as REST does (metadata and readiness need
 * `metadata`, inference `infer`; liveness and readiness are open like the health routes),
 * calls the data plane, and encodes. The call runner does the rest (context, logs, metrics,
 * errors). ModelStreamInfer is the streaming handler's (model-stream-infer.ts), run in a call
 * scope of its own: one in-flight entry, log line and metric per stream.
 */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { AccessGuard, Action } from '../../contract/access-control.js';
import type { ModelMetadata } from '../../contract/predictor-model.js';
import type { RequestContext } from '../../contract/request-context.js';
import type { DataPlane } from '../../dataplane/data-plane.js';
import { raceAbort } from '../../abort.js';
import { CancelledError } from '../../errors.js';
import { createAdmission, type Admission } from '../admission.js';
import { ANY_MODEL } from '../middleware/require-access.js';
import { createInferenceRequestValidator } from '../validate-inference-request.js';
import { authenticateCall } from './authenticate-call.js';
import type { GrpcCallScope, ServerCall } from './grpc-call-scope.js';
import type { GrpcCallRunner } from './grpc-call-runner.js';
import { toGrpcError } from './grpc-errors.js';
import { decodeModelInferRequest, encodeModelInferResponse } from './grpc-tensor-codec.js';
import type {
  ModelInferRequest,
  ModelInferResponse,
  ModelMetadataRequest,
  ModelMetadataResponse,
  ModelReadyRequest,
} from './grpc-wire-types.js';
import { createModelStreamInferHandler, type ModelStreamInferCall } from './model-stream-infer.js';

export interface GrpcInferenceServiceOptions {
  readonly dataPlane: DataPlane;
  /** Absent means open access (anonymous), as over REST. */
  readonly accessGuard?: AccessGuard | undefined;
  readonly runner: GrpcCallRunner;
  /**
   * The pod's count of requests at once (CONTAINER_CONCURRENCY), shared with REST: each
   * inference call (ModelInfer, a ModelStreamInfer stream) takes a place, and one more is
   * refused UNAVAILABLE (`overloaded`, retry advice). Absent: unlimited.
   */
  readonly admission?: Admission;
}

const SERVICE = '/inference.GRPCInferenceService';

function toMetadataResponse(metadata: ModelMetadata): ModelMetadataResponse {
  const tensors = (list: ModelMetadata['inputs']) => list.map(({ name, datatype, shape }) => ({ name, datatype, shape }));
  // gRPC metadata has string properties where REST has typed parameters.
  const properties = metadata.parameters
    ? Object.fromEntries(Object.entries(metadata.parameters).map(([key, value]) => [key, String(value)]))
    : undefined;
  return {
    name: metadata.name,
    versions: metadata.versions,
    platform: metadata.platform,
    inputs: tensors(metadata.inputs),
    outputs: tensors(metadata.outputs),
    ...(properties ? { properties } : {}),
  };
}

/** The handlers grpc-js serves for `inference.GRPCInferenceService`. */
export function createGrpcInferenceService({
  dataPlane,
  accessGuard,
  runner,
  admission = createAdmission(0),
}: GrpcInferenceServiceOptions): UntypedServiceImplementation {
  const validate = createInferenceRequestValidator();
  const noModel = (): undefined => undefined;
  const modelOf = (request: { readonly name: string }): string => request.name;
  const versionOf = (request: ModelReadyRequest): string | undefined => (request.version ? request.version : undefined);
  const allow = (call: ServerCall, modelName: string, action: Action) =>
    authenticateCall({ metadata: call.metadata, accessGuard, modelName, action });
  const contextWith = async (call: ServerCall, scope: GrpcCallScope, modelName: string): Promise<RequestContext> => ({
    ...scope.context,
    principal: await allow(call, modelName, 'infer'),
  });

  return {
    ServerLive: runner.unary(`${SERVICE}/ServerLive`, noModel, async () => ({ live: dataPlane.isLive() })),
    ServerReady: runner.unary(`${SERVICE}/ServerReady`, noModel, async () => ({ ready: dataPlane.isReady() })),
    ServerMetadata: runner.unary(`${SERVICE}/ServerMetadata`, noModel, async (_request, _scope, call) => {
      await allow(call, ANY_MODEL, 'metadata');
      return dataPlane.serverMetadata();
    }),
    ModelReady: runner.unary(`${SERVICE}/ModelReady`, modelOf, async (request: ModelReadyRequest, _scope, call) => {
      await allow(call, request.name, 'metadata');
      return { ready: dataPlane.isModelReady(request.name, versionOf(request)) };
    }),
    ModelMetadata: runner.unary(`${SERVICE}/ModelMetadata`, modelOf, async (request: ModelMetadataRequest, _scope, call) => {
      await allow(call, request.name, 'metadata');
      return toMetadataResponse(dataPlane.modelMetadata(request.name, versionOf(request)));
    }),
    ModelInfer: runner.unary(
      `${SERVICE}/ModelInfer`,
      (request: ModelInferRequest) => request.model_name,
      async (message: ModelInferRequest, scope, call): Promise<ModelInferResponse> => {
        const release = admission.admit();
        try {
          const context = await contextWith(call, scope, message.model_name);
          const decoded = decodeModelInferRequest(message, validate);
          const { modelName, modelVersion, useRawOutputs } = decoded;
          const response = await raceAbort(dataPlane.infer(modelName, modelVersion, decoded.request, context), context.signal);
          return encodeModelInferResponse({ modelName, modelVersion, response, useRawOutputs });
        } finally {
          release();
        }
      },
    ),
    ModelStreamInfer(call: ModelStreamInferCall) {
      const running = runner.start(call, `${SERVICE}/ModelStreamInfer`, undefined);
      let release: () => void;
      try {
        release = admission.admit();
      } catch (error) {
        // grpc-js answers a stream's 'error' event with that status and ends the call.
        call.emit('error', running.finish(error));
        return;
      }
      // Released once, by whichever comes first: the server ended it, the client left, or it closed.
      for (const event of ['finish', 'cancelled', 'close']) call.once(event, () => release());
      // 'finish': the server ended the stream; 'cancelled': the client or the deadline did.
      call.once('finish', () => running.finish());
      call.once('cancelled', () =>
        running.finish(running.scope.context.signal.reason ?? new CancelledError('Client cancelled the stream')),
      );
      const handle = createModelStreamInferHandler({
        dataPlane,
        decodeRequest: (message) => decodeModelInferRequest(message, validate),
        encodeResponse: encodeModelInferResponse,
        contextOf: (_call, modelName) => contextWith(call, running.scope, modelName),
        errorMessageOf: (error) => toGrpcError(error).details,
      });
      running.within(() => handle(call));
    },
  };
}
