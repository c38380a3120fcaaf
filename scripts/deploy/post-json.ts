/**
 * @module scripts/deploy/post-json
 * POSTs JSON with node:http(s), which (unlike fetch) lets the Host header differ from the
 * address dialled: Knative and Istio route on Host, and before DNS exists the request goes
 * to the ingress gateway's address with the service's host name.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface PostJsonOptions {
  /** Where the request goes, e.g. http://podcast-pipeline.ns.example.com/v2/models/m/infer. */
  readonly url: string;
  /** Dial this origin instead (e.g. http://203.0.113.10:80), keeping the url's host as Host. */
  readonly connectTo?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly timeoutMs: number;
}

export interface PostJsonResult {
  readonly status: number;
  readonly body: unknown;
}

/** Sends the request; resolves with status and parsed JSON body (raw text if not JSON). */
export function postJson({ url, connectTo, headers = {}, body, timeoutMs }: PostJsonOptions): Promise<PostJsonResult> {
  const target = new URL(url);
  const dial = connectTo ? new URL(connectTo) : target;
  const payload = Buffer.from(JSON.stringify(body));
  const send = dial.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      {
        protocol: dial.protocol,
        hostname: dial.hostname,
        port: dial.port || (dial.protocol === 'https:' ? 443 : 80),
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        // TLS: present the service's name (SNI) even when dialling the gateway's address.
        servername: target.hostname,
        headers: { ...headers, host: target.host, 'content-type': 'application/json', 'content-length': String(payload.length) },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // keep the text: error pages of proxies are HTML or plain text
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}
