/**
 * @module emulator/emulator-faults
 * Which calls fail, and how. A fault is chosen per generation call, first match wins:
 * the `x-emulator-fault` header, a model-id suffix (`gemini-3.8-flash-fault-503`), the
 * scripted queue (`emulator.scriptFaults([...])`), then `faultRate` at random among the
 * transient kinds (429 with RetryInfo, 503 overloaded, 500).
 */
import { EmulatorRpcError } from './emulator-http.js';

/** Every fault the emulator can inject (see FaultKind). */
export const FAULT_KINDS = ['429', '503', '500', 'hang', 'malformed', 'safety', 'prompt-blocked', 'midstream'] as const;

/**
 * `hang` never answers until the client goes; `malformed` is a 200 whose JSON text is cut;
 * `safety` is a candidate stopped for SAFETY; `prompt-blocked` a promptFeedback block;
 * `midstream` (streaming) sends one chunk, then a 503 error chunk.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Request header that selects a fault for one call (settable per call via `config.httpOptions.headers`). */
export const FAULT_HEADER = 'x-emulator-fault';

const TRANSIENT_KINDS = ['429', '503', '500'] as const;

const MODEL_FAULT_SUFFIX = /-fault-([a-z0-9-]+)$/;

/** Whether a string names a fault kind. */
export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

/** Splits `gemini-3.8-flash-fault-503` into the model id and the fault. */
export function splitFaultModel(model: string): { modelId: string; fault?: FaultKind } {
  const match = MODEL_FAULT_SUFFIX.exec(model);
  if (match === null || !isFaultKind(match[1])) return { modelId: model };
  return { modelId: model.slice(0, match.index), fault: match[1] };
}

/** The error body of a status fault, as the service sends it. */
export function faultError(kind: '429' | '503' | '500', modelId: string): EmulatorRpcError {
  if (kind === '429') {
    return new EmulatorRpcError(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.', [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel', quotaDimensions: { model: modelId, location: 'global' } }],
      },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' },
    ]);
  }
  if (kind === '503') return new EmulatorRpcError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.');
  return new EmulatorRpcError(
    500,
    'INTERNAL',
    'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  );
}

/** Chooses the fault of each generation call (see the module comment for precedence). */
export interface FaultPicker {
  /** Queues faults for the next generation calls, in order. */
  script(kinds: readonly FaultKind[]): void;
  pick(request: { readonly header?: string | undefined; readonly modelFault?: FaultKind | undefined }): FaultKind | undefined;
}

/** Creates a picker; `random` is drawn once per call (twice when the call fails at random). */
export function createFaultPicker({ faultRate, random }: { readonly faultRate: number; readonly random: () => number }): FaultPicker {
  const queue: FaultKind[] = [];
  return {
    script(kinds) {
      for (const kind of kinds) if (!isFaultKind(kind)) throw new Error(`Unknown emulator fault ${String(kind)}`);
      queue.push(...kinds);
    },
    pick({ header, modelFault }) {
      if (isFaultKind(header)) return header;
      if (modelFault !== undefined) return modelFault;
      const scripted = queue.shift();
      if (scripted !== undefined) return scripted;
      if (faultRate > 0 && random() < faultRate) return TRANSIENT_KINDS[Math.floor(random() * TRANSIENT_KINDS.length)] ?? '503';
      return undefined;
    },
  };
}
