/**
 * @module scripts/deploy/invoke-grpc
 * Sends one `ModelInfer` over gRPC (the Open Inference Protocol's GRPCInferenceService) to a
 * predictor and returns the answer in the REST response's JSON shape, so the invoke CLI prints
 * either protocol the same way (`formatInferenceResponse`). Episodes travel as one BYTES
 * tensor named `episode` in typed contents, as over REST. The API key goes in the
 * `authorization: Bearer` metadata.
 */
import { credentials, Metadata, makeGenericClientConstructor, status as Status, type ServiceError } from '@grpc/grpc-js';
import { loadGrpcDefinitions } from '../../predictor/protocol/grpc/load-grpc-definitions.js';
import type { InferParameter, ModelInferResponse } from '../../predictor/protocol/grpc/grpc-wire-types.js';

export interface InvokeGrpcOptions {
  /** `host:port` of the gRPC endpoint (GRPC_PORT, or the HTTP port over h2c). */
  readonly target: string;
  readonly modelName: string;
  readonly episodes: readonly unknown[];
  readonly requestId: string;
  readonly timeoutMs: number;
  /** Sent as `authorization: Bearer <key>` when set. */
  readonly apiKey?: string;
  /** TLS (an ingress on 443) instead of plaintext h2c. */
  readonly useTls?: boolean;
  /** The `:authority` to send instead of the target's (an ingress routing by Host). */
  readonly authority?: string;
}

/** The REST response's JSON shape, as the invoke CLI prints it. */
export interface InvokeGrpcResponse {
  readonly model_name: string;
  readonly id?: string;
  readonly parameters: Readonly<Record<string, string | number | boolean>>;
  readonly outputs: readonly { name: string; datatype: string; shape: number[]; data: string[] }[];
}

export type InvokeGrpcResult =
  { readonly ok: true; readonly body: InvokeGrpcResponse } | { readonly ok: false; readonly code: string; readonly message: string };

function parameterValue(parameter: InferParameter): string | number | boolean {
  const value = parameter.bool_param ?? parameter.string_param ?? parameter.double_param ?? parameter.int64_param ?? parameter.uint64_param;
  return typeof value === 'string' && parameter.string_param === undefined ? Number(value) : (value ?? '');
}

function toRestShape(response: ModelInferResponse): InvokeGrpcResponse {
  const decoder = new TextDecoder();
  const raw = response.raw_output_contents ?? [];
  return {
    model_name: response.model_name,
    ...(response.id ? { id: response.id } : {}),
    parameters: Object.fromEntries(Object.entries(response.parameters ?? {}).map(([key, parameter]) => [key, parameterValue(parameter)])),
    outputs: response.outputs.map((output, index) => ({
      name: output.name,
      datatype: output.datatype,
      shape: output.shape.map(Number),
      // The predictor answers typed contents to a typed request; raw ones are not expected here.
      data:
        raw.length > index
          ? [`(${raw[index]?.byteLength ?? 0} raw bytes)`]
          : (output.contents?.bytes_contents ?? []).map((bytes) => decoder.decode(bytes)),
    })),
  };
}

/**
 * Sends the episodes in one ModelInfer; resolves with the response, or with the gRPC status
 * name and message of a failure (never rejects for a server's answer).
 * @example const result = await invokeGrpc({ target: 'localhost:8081', modelName: 'podcast-pipeline', episodes, requestId, timeoutMs: 600000 });
 */
export function invokeGrpc(options: InvokeGrpcOptions): Promise<InvokeGrpcResult> {
  const { target, modelName, episodes, requestId, timeoutMs, apiKey, useTls = false, authority } = options;
  if (episodes.length === 0) throw new RangeError('no episode to send');
  const Client = makeGenericClientConstructor(loadGrpcDefinitions().inferenceService, 'GRPCInferenceService');
  const client = new Client(target, useTls ? credentials.createSsl() : credentials.createInsecure(), {
    ...(authority ? { 'grpc.default_authority': authority } : {}),
    'grpc.max_receive_message_length': -1,
  }) as unknown as {
    ModelInfer(
      request: object,
      metadata: Metadata,
      options: object,
      callback: (error: ServiceError | null, response?: ModelInferResponse) => void,
    ): void;
    close(): void;
  };
  const metadata = new Metadata();
  metadata.set('x-request-id', requestId);
  if (apiKey) metadata.set('authorization', `Bearer ${apiKey}`);
  const request = {
    model_name: modelName,
    id: requestId,
    inputs: [
      {
        name: 'episode',
        datatype: 'BYTES',
        shape: [episodes.length],
        contents: { bytes_contents: episodes.map((episode) => Buffer.from(JSON.stringify(episode))) },
      },
    ],
  };
  return new Promise((resolve) => {
    client.ModelInfer(request, metadata, { deadline: new Date(Date.now() + timeoutMs) }, (error, response) => {
      client.close();
      if (error || !response) resolve({ ok: false, code: Status[error?.code ?? Status.UNKNOWN], message: error?.details ?? 'no response' });
      else resolve({ ok: true, body: toRestShape(response) });
    });
  });
}
