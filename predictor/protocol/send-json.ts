/**
 * @module protocol/send-json
 * Sends a JSON body with `Content-Type: application/json` exactly (no charset parameter):
 * JSON is UTF-8 by definition (RFC 8259), and the KServe Python SDK only reads an error
 * message when the content type equals `application/json`
 * (kserve/kserve python/kserve/kserve/inference_client.py, `_construct_http_status_error`).
 */
import type { Response } from 'express';

/** Serialises `body` and sends it with `status`. */
export function sendJson(response: Response, status: number, body: unknown): void {
  // Express's set('Content-Type') and send(string) both append "; charset=utf-8";
  // setHeader plus a Buffer body keeps the type exact.
  response.setHeader('Content-Type', 'application/json');
  response.status(status).send(Buffer.from(JSON.stringify(body)));
}
