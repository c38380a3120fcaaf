import { Ajv } from 'ajv';
import { expect } from 'chai';
import type { GenerateRequest, GenerateResult } from '../../predictor/llm/language-model.js';
import {
  FACT_CHECK_SCHEMA,
  INSIGHTS_SCHEMA,
  SUMMARY_SCHEMA,
  type InsightsOutput,
  type SummaryOutput,
} from '../../predictor/pipeline/agent-output-schemas.js';
import { buildFactCheckerPrompt } from '../../predictor/pipeline/prompts/fact-checker-prompt.js';
import { buildInsightsPrompt } from '../../predictor/pipeline/prompts/insights-prompt.js';
import { buildSummarizerPrompt } from '../../predictor/pipeline/prompts/summarizer-prompt.js';
import type { Prompt } from '../../predictor/pipeline/prompts/prompt.js';
import { startEmulatorHarness, type EmulatorHarness } from './emulator-harness.js';
import { SAMPLE_EPISODE } from './sample-episode.js';

const tokens = (text: string): number => Math.ceil(Buffer.byteLength(text, 'utf8') / 4);

function requestOf(prompt: Prompt, extra: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    systemInstruction: prompt.systemInstruction,
    contents: prompt.contents,
    ...(prompt.responseJsonSchema ? { responseJsonSchema: prompt.responseJsonSchema } : {}),
    ...extra,
  };
}

function expectValid(schema: Readonly<Record<string, unknown>>, value: unknown): void {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  expect(validate(value), JSON.stringify(validate.errors)).to.equal(true);
}

/** The documented rule, computed from what the test itself sent. */
function expectUsageRule(request: GenerateRequest, result: GenerateResult): void {
  const sent = [request.systemInstruction ?? '', ...request.contents].filter((text) => text !== '');
  expect(result.usage.inputTokens).to.equal(sent.reduce((sum, text) => sum + tokens(text), 0));
  expect(result.usage.outputTokens).to.equal(tokens(result.text));
  expect(result.usage.thoughtsTokens).to.equal(0);
}

describe('createGeminiEmulator agents (real SDK)', () => {
  let harness: EmulatorHarness;
  beforeEach(async () => {
    harness = await startEmulatorHarness();
  });
  afterEach(async () => {
    await harness.stop();
  });

  it('answers the summarizer schema with a valid, extractive summary', async () => {
    const request = requestOf(buildSummarizerPrompt(SAMPLE_EPISODE, { version: 'v1' }));

    const result = await harness.model().generate(request);

    const summary = JSON.parse(result.text) as SummaryOutput;
    expectValid(SUMMARY_SCHEMA, summary);
    expect(summary.core_themes).to.deep.equal(['Intro', 'Hive health', 'City gardens', 'Closing']);
    expect(summary.key_discussions.map((discussion) => discussion.topic)).to.deep.equal(summary.core_themes);
    expect(summary.overview).to.contain('Today we talk about urban beekeeping');
    expect(summary.outcomes.map((outcome) => outcome.statement)).to.include(
      'We treat in late summer, and I think every beekeeper should monitor mite counts monthly.',
    );
    expect(result.finishReason).to.equal('stop');
    expect(result.modelVersion).to.equal('gemini-3.8-flash');
    expect(result.responseId).to.match(/^emu-/);
    expectUsageRule(request, result);
  });

  it('answers the insights schema with verbatim quotes at their real timestamps and speakers', async () => {
    const request = requestOf(buildInsightsPrompt(SAMPLE_EPISODE, { version: 'v1' }));

    const result = await harness.model().generate(request);

    const insights = JSON.parse(result.text) as InsightsOutput;
    expectValid(INSIGHTS_SCHEMA, insights);
    expect(insights.takeaways.length).to.be.within(1, 5);
    expect(insights.notable_quotes.length).to.be.greaterThan(0);
    for (const quote of insights.notable_quotes) {
      const source = SAMPLE_EPISODE.segments.find((segment) => segment.text.includes(quote.quote));
      expect(source, quote.quote).not.to.equal(undefined);
      expect(quote.timestamp).to.equal(source?.timestamp);
      expect(quote.speaker).to.equal(source?.speaker);
    }
    expect(insights.topic_tags).to.include('colonies');
    expectUsageRule(request, result);
  });

  it('marks number and date claims unverifiable and grounds them when Search is on', async () => {
    const request = requestOf(buildFactCheckerPrompt(SAMPLE_EPISODE, { version: 'v1' }), { useGoogleSearch: true });

    const result = await harness.model().generate(request);

    const output = JSON.parse(result.text) as { claims: { claim: string; timestamp: string; verdict: string; confidence: number }[] };
    expectValid(FACT_CHECK_SCHEMA, output);
    expect(output.claims.map((claim) => claim.timestamp)).to.deep.equal(['00:01:10', '00:04:15', '00:11:05', '00:11:05']);
    expect(output.claims.every((claim) => claim.verdict === 'unverifiable' && claim.confidence === 0.5)).to.equal(true);
    const grounding = result.grounding;
    expect(grounding?.sources).to.have.length(4);
    expect(
      grounding?.sources.every((source) => source.uri.startsWith('https://vertexaisearch.cloud.google.com/grounding-api-redirect/')),
    ).to.equal(true);
    const bytes = Buffer.from(result.text, 'utf8');
    for (const support of grounding?.supports ?? []) {
      expect(bytes.subarray(support.startIndex, support.endIndex).toString('utf8')).to.equal(support.text);
    }
    const snippets = (grounding?.supports ?? []).map((support, index) => `${grounding?.sources[index]?.title}: ${support.text}`);
    expect(result.usage.toolUseInputTokens).to.equal(snippets.reduce((sum, snippet) => sum + tokens(snippet), 0));
    expect(result.usage.searchQueries).to.equal(4);
    expect(result.usage.groundedPrompts).to.equal(1);
    expectUsageRule(request, result);
  });

  it('honours a schema spelled out in the prompt when it cannot be enforced', async () => {
    const prompt = buildFactCheckerPrompt(SAMPLE_EPISODE, { version: 'v1', isSchemaEnforced: false });
    const model = harness.model('gemini-2.5-flash');

    const result = await model.generate(requestOf(prompt, { useGoogleSearch: true }));

    expectValid(FACT_CHECK_SCHEMA, JSON.parse(result.text));
    expect(result.grounding?.supports.length).to.equal(4);
  });

  it('fills any other schema with a valid instance', async () => {
    const judgeSchema = {
      type: 'object',
      properties: {
        scores: {
          type: 'array',
          minItems: 2,
          maxItems: 3,
          items: {
            type: 'object',
            properties: {
              criterion: { type: 'string', enum: ['faithfulness', 'coverage'] },
              score: { type: 'integer', minimum: 1, maximum: 5 },
              passed: { type: 'boolean' },
            },
            required: ['criterion', 'score', 'passed'],
          },
        },
        rationale: { type: 'string', minLength: 10 },
        weight: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
      },
      required: ['scores', 'rationale', 'weight'],
    };

    const result = await harness.model().generate({ contents: ['Judge this.'], responseJsonSchema: judgeSchema });

    expectValid(judgeSchema, JSON.parse(result.text));
  });

  it('answers plain text without a schema, and the same request the same way', async () => {
    const prompt = buildSummarizerPrompt(SAMPLE_EPISODE, { version: 'v1' });
    const request = { systemInstruction: 'Summarise briefly.', contents: prompt.contents };

    const first = await harness.model().generate(request);
    const second = await harness.model().generate(request);

    expect(first.text).to.contain('Key points:');
    expect(second.text).to.equal(first.text);
    expect(second.responseId).not.to.equal(first.responseId);
  });

  it('stops at maxOutputTokens with finish reason length', async () => {
    const request = requestOf(buildSummarizerPrompt(SAMPLE_EPISODE, { version: 'v1' }), { maxOutputTokens: 10 });

    const result = await harness.model().generate(request);

    expect(result.finishReason).to.equal('length');
    expect(result.usage.outputTokens).to.equal(10);
    expect(tokens(result.text)).to.equal(10);
  });
});
