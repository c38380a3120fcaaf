/**
 * @module test/pipeline/support/sample-outputs
 * Valid agent answers for the `grid-under-pressure` fixture episode, as a Gemini model
 * would return them (JSON text plus grounding metadata for the fact-checker).
 */
import type { GenerateResult, Grounding } from '../../../predictor/llm/language-model.js';
import type { InsightsOutput, SummaryOutput } from '../../../predictor/pipeline/agent-output-schemas.js';
import { fakeResult } from '../../fakes/fake-language-model.js';

export const SAMPLE_SUMMARY: SummaryOutput = {
  overview: 'Maya Okafor talks with a grid researcher and a battery developer about why power grids are under strain and what would help.',
  core_themes: ['rising electricity demand', 'interconnection queues', 'battery storage', 'transmission'],
  key_discussions: [
    { topic: 'Demand is back', summary: 'Data centres, heat pumps and EVs raise demand and shift peaks.' },
    { topic: 'The queue', summary: 'Projects wait about five years to connect; most never get built.' },
  ],
  outcomes: [
    { statement: 'Utilities should publish hosting capacity maps monthly.', speaker: 'Priya Raman' },
    { statement: 'Transmission plans should consider reconductoring first.', speaker: 'Dr. Tomas Lindqvist' },
  ],
};

export const SAMPLE_INSIGHTS: InsightsOutput = {
  takeaways: [
    'Peaks, not averages, drive grid cost.',
    'Interconnection queues hold more capacity than the whole US grid.',
    'Batteries handle the evening ramp, not a windless week.',
  ],
  notable_quotes: [
    {
      quote: 'You build wires and power plants for the coldest evening of the year, not for the average Tuesday.',
      speaker: 'Dr. Tomas Lindqvist',
      timestamp: '00:03:30',
    },
  ],
  topic_tags: ['energy', 'power grid', 'batteries'],
};

export const SAMPLE_CLAIMS = {
  claims: [
    {
      claim: 'Data centres used about 1 to 1.5 percent of global electricity in 2022.',
      timestamp: '00:01:28',
      speaker: 'Dr. Tomas Lindqvist',
      verdict: 'verified',
      confidence: 0.9,
      explanation: 'The IEA estimates data centres used 1 to 1.3 percent of global electricity demand in 2022.',
    },
    {
      claim: 'Battery pack prices fell by roughly ninety percent between 2010 and 2023.',
      timestamp: '00:06:47',
      speaker: 'Priya Raman',
      verdict: 'verified',
      confidence: 0.8,
      explanation: 'BloombergNEF survey data show lithium-ion pack prices fell about 90 percent since 2010.',
    },
    {
      claim: 'Most projects in US interconnection queues never get built.',
      timestamp: '00:04:55',
      speaker: 'Priya Raman',
      verdict: 'unverifiable',
      confidence: 0.4,
      explanation: 'Completion rates vary by region and period.',
    },
  ],
} as const;

/** Grounding whose supports cover the first two claims (the third has none). */
export const SAMPLE_GROUNDING: Grounding = {
  webSearchQueries: ['data centre share of global electricity 2022 IEA', 'battery pack price decline 2010 2023'],
  sources: [
    { uri: 'https://www.iea.org/reports/electricity-2024', title: 'iea.org' },
    { uri: 'https://about.bnef.com/blog/lithium-ion-battery-pack-prices', title: 'bnef.com' },
    { uri: 'https://example.org/unrelated', title: 'example.org' },
  ],
  supports: [
    { text: 'The IEA estimates data centres used 1 to 1.3 percent of global electricity demand in 2022.', sourceIndices: [0] },
    { text: 'lithium-ion pack prices fell about 90 percent since 2010', sourceIndices: [1, 7] },
  ],
};

/** A valid answer for `agent` (used when a test does not script that agent). */
export function defaultResultFor(agent: string): GenerateResult {
  if (agent === 'summarizer') return fakeResult(JSON.stringify(SAMPLE_SUMMARY), { modelVersion: 'gemini-test-lite-001' });
  if (agent === 'insights') return fakeResult(JSON.stringify(SAMPLE_INSIGHTS), { modelVersion: 'gemini-test-lite-001' });
  if (agent === 'fact-checker') {
    return fakeResult(JSON.stringify(SAMPLE_CLAIMS), {
      modelVersion: 'gemini-test-flash-002',
      grounding: SAMPLE_GROUNDING,
      usage: { inputTokens: 300, cachedInputTokens: 100, outputTokens: 50, thoughtsTokens: 25, searchQueries: 2 },
    });
  }
  throw new Error(`no default answer for agent '${agent}'`);
}
