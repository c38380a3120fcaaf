/**
 * @module protocol/send-inference-response
 * Writes an encoded `$inference_response`: plain JSON, or with binary outputs the JSON
 * header followed by the raw output bytes, its length in `Inference-Header-Content-Length`
 * (what the Triton and KServe Python clients read to split the body).
 */
import type { Response } from 'express';
import type { EncodedInferenceResponse } from './tensor-codec.js';
import { sendJson } from './send-json.js';
import { INFERENCE_HEADER_CONTENT_LENGTH } from './read-inference-body.js';
import { setServerTiming } from './server-timing.js';

/** Sends `header` as JSON, or header plus binary outputs when any output is binary. */
export function sendInferenceResponse(response: Response, { header, binary }: EncodedInferenceResponse): void {
  setServerTiming(response);
  if (binary === undefined) {
    sendJson(response, 200, header);
    return;
  }
  const json = Buffer.from(JSON.stringify(header));
  response.setHeader('Content-Type', 'application/octet-stream');
  response.setHeader(INFERENCE_HEADER_CONTENT_LENGTH, String(json.byteLength));
  response.status(200).send(Buffer.concat([json, ...binary]));
}
