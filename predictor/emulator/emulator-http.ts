/**
 * @module emulator/emulator-http
 * Plain node:http plumbing for the emulator: JSON bodies in and out, and errors as
 * google.rpc.Status bodies (`{"error":{code,message,status,details}}`, as Gemini answers).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error the emulator answers with, shaped like the service's. */
export class EmulatorRpcError extends Error {
  readonly httpStatus: number;
  readonly rpcStatus: string;
  readonly details: readonly Readonly<Record<string, unknown>>[] | undefined;

  constructor(httpStatus: number, rpcStatus: string, message: string, details?: readonly Readonly<Record<string, unknown>>[]) {
    super(message);
    this.name = 'EmulatorRpcError';
    this.httpStatus = httpStatus;
    this.rpcStatus = rpcStatus;
    this.details = details;
  }

  /** The google.rpc.Status body. */
  toBody(): { error: Record<string, unknown> } {
    return {
      error: { code: this.httpStatus, message: this.message, status: this.rpcStatus, ...(this.details ? { details: this.details } : {}) },
    };
  }
}

/** 404 for unknown paths and names, as the service words it. */
export function notFound(what: string): EmulatorRpcError {
  return new EmulatorRpcError(404, 'NOT_FOUND', `${what} is not found.`);
}

/** 400 INVALID_ARGUMENT. */
export function invalidArgument(message: string): EmulatorRpcError {
  return new EmulatorRpcError(400, 'INVALID_ARGUMENT', message);
}

/** Reads a JSON request body ({} when empty); rejects with 400 on bad JSON or 413 past `maxBytes`. */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new EmulatorRpcError(413, 'INVALID_ARGUMENT', 'Request payload size exceeds the limit.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Answered below like the service: the payload is not a JSON object.
  }
  throw invalidArgument('Invalid JSON payload received.');
}

/** Writes a JSON response (no-op when the client is gone). */
export function sendJson(response: ServerResponse, httpStatus: number, body: unknown): void {
  if (response.destroyed || response.writableEnded) return;
  const payload = JSON.stringify(body);
  response.writeHead(httpStatus, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(payload) });
  response.end(payload);
}

/** Writes an error as the service does. */
export function sendRpcError(response: ServerResponse, error: EmulatorRpcError): void {
  sendJson(response, error.httpStatus, error.toBody());
}
