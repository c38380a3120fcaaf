/**
 * @module emulator/emulated-answer
 * Decides what the emulated model says: the agent is recognised from the response schema's
 * required keys (or from a schema spelled out in the prompt, as prompts do for models that
 * cannot combine a schema with Search); the draft is bent to the schema, so any schema is
 * honoured; number/date sentences quoted in the answer are grounded when Search is on.
 */
import { FACT_CHECK_SCHEMA, INSIGHTS_SCHEMA, SUMMARY_SCHEMA } from '../pipeline/agent-output-schemas.js';
import { claimSentences, emulateFactCheck, emulateInsights, emulatePlainText, emulateSummary } from './emulated-agents.js';
import { emulateGrounding, type EmulatedGrounding } from './emulated-grounding.js';
import { conformToSchema } from './schema-instance.js';
import { analyseTranscript, type TranscriptAnalysis } from './transcript-analysis.js';

type Schema = Readonly<Record<string, unknown>>;

export interface AnswerInput {
  /** Text parts of the system instruction(s). */
  readonly instructionTexts: readonly string[];
  /** Text parts of the user turn(s), cached prefix first. */
  readonly userTexts: readonly string[];
  readonly schema?: Schema | undefined;
  readonly useGoogleSearch: boolean;
}

export interface EmulatedAnswer {
  readonly text: string;
  /** Whether the text is meant to be JSON (a schema was sent or spelled out). */
  readonly isJson: boolean;
  readonly grounding?: EmulatedGrounding;
}

type AgentDraft = (analysis: TranscriptAnalysis) => unknown;

const AGENTS: readonly { readonly schema: Schema; readonly draft: AgentDraft }[] = [
  { schema: SUMMARY_SCHEMA, draft: emulateSummary },
  { schema: INSIGHTS_SCHEMA, draft: emulateInsights },
  { schema: FACT_CHECK_SCHEMA, draft: emulateFactCheck },
];

function requiredKeys(schema: Schema): string[] {
  return Array.isArray(schema.required) ? schema.required.map(String) : [];
}

/** The agent whose schema's required keys all appear in `schema`'s, if any. */
function agentFor(schema: Schema): AgentDraft | undefined {
  const keys = new Set(requiredKeys(schema));
  return AGENTS.find((agent) => requiredKeys(agent.schema).every((key) => keys.has(key)))?.draft;
}

/** The balanced JSON object starting at `start`, parsed, or undefined. */
function parseObjectAt(text: string, start: number): Schema | undefined {
  let depth = 0;
  let isInString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (isInString) {
      if (char === '\\') index++;
      else if (char === '"') isInString = false;
    } else if (char === '"') isInString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) {
      try {
        return JSON.parse(text.slice(start, index + 1)) as Schema;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** A schema spelled out as "... JSON schema: {…}" in a prompt text. */
export function findSchemaInProse(texts: readonly string[]): Schema | undefined {
  for (const text of texts) {
    const match = /JSON schema:\s*(?=\{)/i.exec(text);
    const schema = match === null ? undefined : parseObjectAt(text, match.index + match[0].length);
    if (schema !== undefined && (schema.type !== undefined || schema.properties !== undefined)) return schema;
  }
  return undefined;
}

/** Computes the emulated answer to a prompt. */
export function emulateAnswer(input: AnswerInput): EmulatedAnswer {
  const analysis = analyseTranscript(input.userTexts.join('\n'));
  const schema = input.schema ?? findSchemaInProse([...input.instructionTexts, ...input.userTexts]);
  let text: string;
  if (schema === undefined) {
    text = emulatePlainText(analysis);
  } else {
    const draft = agentFor(schema)?.(analysis);
    text = JSON.stringify(conformToSchema(draft, schema, { words: analysis.topWords }));
  }
  const grounding = input.useGoogleSearch ? emulateGrounding(claimSentences(analysis), text) : undefined;
  return { text, isJson: schema !== undefined, ...(grounding === undefined ? {} : { grounding }) };
}

/**
 * Wraps emulateAnswer with a small LRU keyed by the whole input, so benchmarks that send
 * the same episodes over and over pay the transcript analysis once per distinct prompt.
 */
export function createAnswerer({ maxEntries = 64 }: { readonly maxEntries?: number } = {}): (input: AnswerInput) => EmulatedAnswer {
  const answers = new Map<string, EmulatedAnswer>();
  return (input) => {
    const key = JSON.stringify([input.useGoogleSearch, input.schema ?? null, input.instructionTexts, input.userTexts]);
    const cached = answers.get(key);
    if (cached !== undefined) {
      answers.delete(key);
      answers.set(key, cached);
      return cached;
    }
    const answer = emulateAnswer(input);
    answers.set(key, answer);
    if (answers.size > maxEntries) answers.delete(answers.keys().next().value ?? key);
    return answer;
  };
}
