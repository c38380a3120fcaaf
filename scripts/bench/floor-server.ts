/**
 * @module scripts/bench/floor-server
 * The floor `npm run bench` measures the predictor against: what a developer writes in an
 * afternoon with the same SDK. Express 5, the OIP v2 infer route, the `episode` BYTES tensor
 * (one JSON episode per element), the transcript formatted once, the three agents called in
 * parallel through @google/genai with a JSON response schema (Google Search grounding on the
 * fact-checker), their answers parsed and returned as output tensors. Nothing else: no
 * validation, guardrails, cache, metrics or logs. Benchmark-only; the product never imports it.
 * Env: PORT, GEMINI_BASE_URL (the emulator), GEMINI_API_KEY (any value for the emulator).
 */
import { GoogleGenAI } from '@google/genai';
import express from 'express';
// The product's schemas, so the shared emulator answers both servers with equally large JSON.
import { FACT_CHECK_SCHEMA, INSIGHTS_SCHEMA, SUMMARY_SCHEMA } from '../../predictor/pipeline/agent-output-schemas.js';

interface Segment {
  timestamp: string;
  speaker: string;
  section?: string;
  text: string;
}
interface Episode {
  title: string;
  host?: string;
  guests?: string[];
  transcript: Segment[];
}
interface Tensor {
  name: string;
  data: string[];
}

const MODEL = 'gemini-3.8-flash';
const AGENTS = [
  {
    output: 'summary',
    schema: SUMMARY_SCHEMA,
    search: false,
    task: 'Summarise this podcast episode: overview, core themes, key discussions and outcomes.',
  },
  {
    output: 'insights',
    schema: INSIGHTS_SCHEMA,
    search: false,
    task: 'Give the key takeaways and notable verbatim quotes (speaker, timestamp) of this podcast episode.',
  },
  {
    output: 'fact_checks',
    schema: FACT_CHECK_SCHEMA,
    search: true,
    task: 'List the checkable factual claims of this podcast episode and check each one with Google Search.',
  },
];

const baseUrl = process.env.GEMINI_BASE_URL;
const ai = new GoogleGenAI({
  apiKey: process.env.GEMINI_API_KEY ?? 'floor',
  apiVersion: 'v1beta',
  httpOptions: baseUrl === undefined ? {} : { baseUrl },
});

// Delimited as the product delimits it, so the emulator parses the same transcript for both.
function formatTranscript(episode: Episode): string {
  const lines = episode.transcript.map((s) => `[${s.timestamp}] ${s.speaker}${s.section ? ` (${s.section})` : ''}: ${s.text}`);
  const guests = episode.guests?.length ? [`Guests: ${episode.guests.join(', ')}`] : [];
  return ['<<<TRANSCRIPT', `Title: ${episode.title}`, `Host: ${episode.host ?? ''}`, ...guests, '', ...lines, 'TRANSCRIPT>>>'].join('\n');
}

async function analyse(episode: Episode): Promise<string[]> {
  const transcript = formatTranscript(episode);
  return Promise.all(
    AGENTS.map(async (agent) => {
      const response = await ai.models.generateContent({
        model: MODEL,
        contents: transcript,
        config: {
          systemInstruction: agent.task,
          responseMimeType: 'application/json',
          responseJsonSchema: agent.schema,
          ...(agent.search ? { tools: [{ googleSearch: {} }] } : {}),
        },
      });
      return JSON.stringify(JSON.parse(response.text ?? '{}'));
    }),
  );
}

const app = express();
app.use(express.json({ limit: '10mb' }));
app.get('/v2/health/ready', (_request, response) => {
  response.json({ ready: true });
});
app.post('/v2/models/podcast-pipeline/infer', async (request, response) => {
  try {
    const input = (request.body.inputs as Tensor[]).find((tensor) => tensor.name === 'episode');
    const results = await Promise.all((input?.data ?? []).map((element) => analyse(JSON.parse(element) as Episode)));
    const outputs = AGENTS.map((agent, index) => ({
      name: agent.output,
      datatype: 'BYTES',
      shape: [results.length],
      data: results.map((result) => result[index]),
    }));
    response.json({ model_name: 'podcast-pipeline', id: request.body.id, outputs });
  } catch (error) {
    response.status(500).json({ error: String(error) });
  }
});
app.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
// Exit on SIGTERM (no drain): lets `--cpu-prof` write its profile when the bench stops it.
process.once('SIGTERM', () => process.exit(0));
