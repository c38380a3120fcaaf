/**
 * @module scripts/deploy/invoke-cli
 * `npm run invoke -- --url URL [options]`: sends episodes to a deployed predictor
 * (POST /v2/models/NAME/infer) and prints the report. The API key comes from the
 * PREDICTOR_API_KEY environment variable, never from a flag (flags end up in shell history
 * and process lists).
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildInferenceRequest, episodesOf, formatInferenceResponse } from './inference-request.js';
import { parseDurationMs } from './parse-duration.js';
import { postJson } from './post-json.js';

const USAGE = `Usage: npm run invoke -- --url URL [options]

  --url URL          the InferenceService URL (kubectl get inferenceservice: URL column)
  --ingress ORIGIN   dial the ingress gateway here (e.g. http://203.0.113.10:80) with the
                     URL's host as the Host header, when DNS does not point at it yet
  --model NAME       model name                                  (podcast-pipeline)
  --episode PATH     episode JSON (one object or an array)       (scripts/deploy/sample-episode.json)
  --timeout DURATION                                             (10m)
  --raw              print the response JSON as it came

Environment: PREDICTOR_API_KEY (sent as "Authorization: Bearer ..." when set).
`;

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      url: { type: 'string' },
      ingress: { type: 'string' },
      model: { type: 'string', default: 'podcast-pipeline' },
      episode: { type: 'string', default: fileURLToPath(new URL('../../../scripts/deploy/sample-episode.json', import.meta.url)) },
      timeout: { type: 'string', default: '10m' },
      raw: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || !values.url) {
    (values.help ? process.stdout : process.stderr).write(USAGE);
    return values.help ? 0 : 2;
  }
  const episodes = episodesOf(JSON.parse(await readFile(values.episode, 'utf8')));
  const requestId = randomUUID();
  const url = `${values.url.replace(/\/+$/, '')}/v2/models/${encodeURIComponent(values.model)}/infer`;
  const apiKey = process.env.PREDICTOR_API_KEY;
  process.stderr.write(
    `POST ${url}${values.ingress ? ` via ${values.ingress}` : ''} (${episodes.length} episode(s), request id ${requestId})\n`,
  );
  const { status, body } = await postJson({
    url,
    ...(values.ingress ? { connectTo: values.ingress } : {}),
    headers: { 'x-request-id': requestId, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: buildInferenceRequest(episodes, requestId),
    timeoutMs: parseDurationMs(values.timeout),
  });
  if (status < 200 || status > 299) {
    const message = (body as { error?: unknown } | null)?.error ?? body;
    process.stderr.write(`invoke: HTTP ${status}: ${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
    return 1;
  }
  process.stdout.write(values.raw ? `${JSON.stringify(body, null, 2)}\n` : formatInferenceResponse(body));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`invoke: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
