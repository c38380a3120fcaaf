import { expect } from 'chai';
import { PII_KINDS } from '../../predictor/config/sections/security-config.js';
import { createModelRouter } from '../../predictor/llm/model-router.js';
import type { Usage } from '../../predictor/contract/usage.js';
import { FACT_CHECK_SCHEMA, INSIGHTS_SCHEMA, SUMMARY_SCHEMA } from '../../predictor/pipeline/agent-output-schemas.js';
import { buildAgentRequest } from '../../predictor/pipeline/agents/agent-call.js';
import { agentSpecFor } from '../../predictor/pipeline/agents/agent-specs.js';
import { planChunks } from '../../predictor/pipeline/chunking/plan-chunks.js';
import { decodeEpisode } from '../../predictor/pipeline/decode-episode.js';
import type { Episode, TranscriptSegment } from '../../predictor/pipeline/episode.js';
import {
  CALL_OVERHEAD_TOKENS,
  estimateRequestCost,
  MAX_SEARCH_QUERIES,
  type EstimateRequestCostOptions,
} from '../../predictor/pipeline/estimate-request-cost.js';
import { boundChunks, maxChunksPerSegment } from '../../predictor/pipeline/estimation/chunk-bound.js';
import { escapedByteLength, redactionGrowthBytes, transcriptBytesOf } from '../../predictor/pipeline/estimation/sent-bytes.js';
import { formatSegment, formatTranscriptBlock } from '../../predictor/pipeline/transcript-format.js';
import { createGuardrails } from '../../predictor/pipeline/guardrails/create-guardrails.js';
import { redactPii } from '../../predictor/security/detectors/pii-detector.js';
import { createRecordingLogger, createRecordingMetrics } from '../security/security-fakes.js';
import { adversarialEpisode, createRandom, integer, pick, spanishId, type Random } from './support/adversarial-episodes.js';

const AGENTS = [
  { name: 'summarizer', usesGoogleSearch: false },
  { name: 'insights', usesGoogleSearch: false },
  { name: 'fact-checker', usesGoogleSearch: true },
] as const;
const router = createModelRouter({ tiers: { 'flash-lite': 'lite', flash: 'flash', pro: 'pro' }, agentTiers: { 'fact-checker': 'flash' } });
const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

function options(episodes: readonly Episode[], overrides: Partial<EstimateRequestCostOptions> = {}): EstimateRequestCostOptions {
  return { episodes, agents: AGENTS, router, promptVersion: 'v1', maxOutputTokens: 1_000, ...overrides };
}

function episodeOf(segments: readonly TranscriptSegment[], fields: Partial<Episode> = {}): Episode {
  return { title: 'T', guests: [], segments, hasTimestamps: segments.some((segment) => segment.timestamp !== ''), ...fields };
}

/** A random segment with hostile text: delimiter runs, emoji, PII, newlines, maybe huge. */
function hostileSegment(random: Random, sections: readonly string[]): TranscriptSegment {
  const parts = Array.from({ length: integer(random, 1, random() < 0.05 ? 400 : 12) }, () =>
    pick(random, ['<<<', '>>>>', '<<<<<<<', 'x', '😀', '漢字', spanishId(random), 'a@b.io', '  \n ', 'word']),
  );
  return {
    timestamp: random() < 0.5 ? `00:${integer(random, 10, 59)}` : '',
    speaker: pick(random, ['Ann', '<<<Bo>>>', spanishId(random), '🐙']),
    ...(random() < 0.8 ? { section: pick(random, sections) } : {}),
    text: parts.join(pick(random, [' ', ''])),
  };
}

/** Even lines with a section change every `every` lines: chunks get cut back at the boundaries. */
function sectionedEpisode(random: Random, segmentCount: number): Episode {
  const every = integer(random, 2, 40);
  const words = integer(random, 1, 60);
  return episodeOf(
    Array.from({ length: segmentCount }, (_, index) => ({
      timestamp: '',
      speaker: 'Ann',
      section: `S${Math.floor(index / every)}`,
      text: 'word '.repeat(words).trim(),
    })),
  );
}

function hostileEpisode(random: Random, segmentCount: number): Episode {
  const sections = Array.from(
    { length: integer(random, 1, 6) },
    (_, index) => `${pick(random, ['Intro', '<<<S>>>', spanishId(random)])} ${index}`,
  );
  return episodeOf(
    Array.from({ length: segmentCount }, () => hostileSegment(random, sections)),
    {
      title: `<<<${spanishId(random)}>>>`,
      host: spanishId(random),
      guests: ['>>>', spanishId(random)],
    },
  );
}

const guardrails = () =>
  createGuardrails({
    overrides: {},
    failMode: 'closed',
    piiKinds: PII_KINDS,
    outputSchemas: { summarizer: SUMMARY_SCHEMA, insights: INSIGHTS_SCHEMA, 'fact-checker': FACT_CHECK_SCHEMA },
    metrics: createRecordingMetrics(),
    logger: createRecordingLogger(),
  });

describe('estimateRequestCost', () => {
  describe('bytes as sent', () => {
    it('counts a line exactly as formatted, delimiter escaping included, without building it', () => {
      const random = createRandom(7);
      for (let index = 0; index < 300; index++) {
        const segment = {
          ...hostileSegment(random, ['<<<A', 'B>>>']),
          text: Array.from({ length: integer(random, 1, 9) }, () => pick(random, ['<<<', '>>>>', '<<<<<', '😀', 'é', 'x'])).join(''),
        };
        const [bound] = transcriptBytesOf(episodeOf([segment]), { isRedacted: false }).segmentBytes;
        expect(bound, JSON.stringify(segment)).to.equal(utf8(formatSegment(segment)));
      }
      expect(escapedByteLength('<<<<<<<')).to.equal(7 + 2 * 6);
    });

    it('bounds the transcript block of any episode and of any chunk of it (newlines only ever shrink)', () => {
      const random = createRandom(11);
      for (let index = 0; index < 100; index++) {
        const episode = hostileEpisode(random, integer(random, 1, 30));
        const bytes = transcriptBytesOf(episode, { isRedacted: false });
        expect(bytes.headerBytes + bytes.linesBytes).to.be.at.least(utf8(formatTranscriptBlock(episode)));
        expect(bytes.headerBytes).to.equal(utf8(formatTranscriptBlock(episode, [])));
      }
    });

    it('holds the PII detector to the redaction growth it assumes (5/7 byte per digit, 1 per @), and the growth is real', () => {
      const random = createRandom(13);
      let closest = 0;
      for (let index = 0; index < 400; index++) {
        const text = Array.from({ length: integer(random, 1, 40) }, () =>
          pick(random, [
            spanishId(random),
            `X${spanishId(random)}`,
            'a@b.cd',
            'AB123456C',
            '078-05-1120',
            '+34 612345678',
            '4111 1111 1111 1111',
            'a at b dot io',
            ' ',
            ',',
            '1',
          ]),
        ).join(pick(random, [' ', '', '\n', ', ']));
        const growth = utf8(redactPii(text, PII_KINDS).text) - utf8(text);
        expect(growth, text).to.be.at.most(redactionGrowthBytes(text));
        closest = Math.max(closest, growth / Math.max(1, redactionGrowthBytes(text)));
      }
      // Dense 7-digit ids reach the bound: it is needed, not a guess.
      expect(closest).to.be.above(0.9);
    });

    it('bounds every agent prompt as sent after guardrail redaction, at one token per byte', async () => {
      const random = createRandom(17);
      for (let index = 0; index < 25; index++) {
        const episode = decodeEpisode(adversarialEpisode(random, integer(random, 1, 200)).json, 0);
        const promptVersion = pick(random, ['v1', 'v2']);
        const sent = (
          await guardrails().screenInput(
            episode,
            AGENTS.map((agent) => agent.name),
          )
        ).episode;
        // Each agent's largest variant: schema enforced, or spelled out for a model without grounded JSON.
        const promptBytes = AGENTS.reduce((sum, agent) => {
          const variants = [true, false].map((supportsGroundedJson) => {
            const request = buildAgentRequest(
              agentSpecFor(agent.name),
              { episode: sent, promptVersion },
              { model: { supportsGroundedJson }, generation: { temperature: 0, maxOutputTokens: 1 } },
            );
            return (
              utf8(request.systemInstruction ?? '') +
              request.contents.reduce((bytes, part) => bytes + utf8(part), 0) +
              utf8(JSON.stringify(request.responseJsonSchema ?? ''))
            );
          });
          return sum + Math.max(...variants);
        }, 0);
        const estimate = estimateRequestCost(options([episode], { promptVersion, isRedactionPossible: true, maxOutputTokens: 100 }));
        expect(estimate.maxTokens, `case ${index}`).to.be.at.least(promptBytes + 3 * 100);
      }
    });
  });

  it('bounds the prompts of the largest transcript the body limit lets through (20,000 escape-heavy segments, ~4 MB of JSON, chunked at the default budget)', () => {
    const segments = Array.from({ length: 20_000 }, (_, index) => ({
      timestamp: index,
      speaker: 'Dr. Ω',
      section: `S${Math.floor(index / 997)}`,
      text: `<<<>>> 😀 ${index} <<<<<<>>>>>> ${'漢'.repeat(index % 7)} `.repeat(4),
    }));
    const json = JSON.stringify({ title: '<<<Marathon>>>', transcript: segments });
    expect(utf8(json)).to.be.below(10_485_760);
    const episode = decodeEpisode(json, 0);
    const chunking = { maxInputTokens: 200_000, overlapSegments: 2 };
    const chunks = planChunks(episode, chunking);
    let sentBytes = 0;
    for (const chunk of chunks) {
      for (const agent of AGENTS) {
        const input = {
          episode: chunk.episode,
          promptVersion: 'v1',
          ...(chunks.length > 1 ? { chunk: { index: chunk.index, count: chunk.count } } : {}),
        };
        const request = buildAgentRequest(agentSpecFor(agent.name), input, {
          model: { supportsGroundedJson: true },
          generation: { temperature: 0, maxOutputTokens: 1 },
        });
        sentBytes += utf8(request.systemInstruction ?? '') + request.contents.reduce((bytes, part) => bytes + utf8(part), 0);
      }
    }
    const estimate = estimateRequestCost(options([episode], { chunking }));
    expect(chunks.length).to.be.above(5);
    expect(estimate.maxTokens).to.be.at.least(sentBytes + 3 * chunks.length * 1_000);
    // Bounded, but not absurdly: within 3× of what the chunk prompts really hold.
    expect(estimate.maxTokens).to.be.below(3 * sentBytes);
  });

  describe('chunks', () => {
    it('allows a line in at most 1, 2, 2, 3 and 5 chunks for overlaps 0, 1, 2, 3 and 50', () => {
      expect([0, 1, 2, 3, 50].map(maxChunksPerSegment)).to.deep.equal([1, 2, 2, 3, 5]);
    });

    it('bounds the chunk count and the re-sent lines of the planner, before and after redaction, for any budget and overlap', async () => {
      const random = createRandom(19);
      let largestRatio = 0;
      for (let index = 0; index < 150; index++) {
        const episode =
          random() < 0.3 ? sectionedEpisode(random, integer(random, 2, 400)) : hostileEpisode(random, integer(random, 2, 200));
        const isRedacted = random() < 0.5;
        const sent = isRedacted ? (await guardrails().screenInput(episode, ['summarizer'])).episode : episode;
        const settings = {
          maxInputTokens: pick(random, [1_600, 1_700, 2_000, 3_000, 8_000]),
          overlapSegments: pick(random, [0, 1, 2, 3, 6, 50]),
        };
        const chunks = planChunks(sent, settings);
        const bytes = transcriptBytesOf(episode, { isRedacted });
        const bound = boundChunks({ ...bytes, ...settings });
        const sentLines = chunks.reduce(
          (sum, chunk) => sum + chunk.episode.segments.reduce((lines, segment) => lines + utf8(formatSegment(segment)) + 1, 0),
          0,
        );
        expect(chunks.length, `case ${index}: chunks`).to.be.at.most(bound.chunkCount);
        expect(sentLines, `case ${index}: lines over all chunks`).to.be.at.most(bound.linesBytes);
        largestRatio = Math.max(largestRatio, bound.chunkCount / chunks.length);
      }
      expect(largestRatio, 'the bound is not trivially the segment count').to.be.below(40);
    });
  });

  describe('calls and prices', () => {
    const longEpisode = (segments: number) =>
      episodeOf(
        Array.from({ length: segments }, (_, index) => ({
          timestamp: `00:${String(index % 60).padStart(2, '0')}`,
          speaker: 'Ann',
          text: 'word '.repeat(40),
        })),
      );

    it('adds the summary reduce call when a transcript can be chunked, and never without a chunk budget', () => {
      const episode = longEpisode(400);
      const calls: string[] = [];
      const costOf = (usage: Usage) => {
        calls.push(usage.groundedPrompts === undefined ? 'plain' : 'grounded');
        return 0;
      };
      estimateRequestCost(options([episode], { costOf }));
      expect(calls).to.deep.equal(['plain', 'plain', 'grounded']);
      calls.length = 0;
      estimateRequestCost(options([episode], { costOf, chunking: { maxInputTokens: 4_000, overlapSegments: 2 } }));
      expect(calls).to.deep.equal(['plain', 'plain', 'grounded', 'plain']);
    });

    it('allows each grounded call its search queries, grounded prompt and search results', () => {
      const usages: Usage[] = [];
      estimateRequestCost(options([longEpisode(3)], { costOf: (usage) => (usages.push(usage), 0) }));
      expect(usages[2]).to.include({
        searchQueries: MAX_SEARCH_QUERIES,
        groundedPrompts: 1,
        toolUseInputTokens: MAX_SEARCH_QUERIES * (1_000 + 64),
        outputTokens: 1_000,
      });
      expect(usages[2]!.inputTokens).to.be.above(CALL_OVERHEAD_TOKENS + utf8(formatTranscriptBlock(longEpisode(3))));
    });

    it('prices a call on the dearest model it may fall back to', () => {
      const costOf = (usage: Usage, model: string) => ({ lite: 1, flash: 2, pro: 10 })[model as 'lite'] ?? 0;
      const alone = estimateRequestCost(options([longEpisode(3)], { costOf }));
      const withFallback = estimateRequestCost(
        options([longEpisode(3)], { costOf, fallbackModelsOf: (model) => (model === 'lite' ? ['pro'] : []) }),
      );
      expect(alone.maxCostUsd).to.equal(1 + 1 + 2);
      expect(withFallback.maxCostUsd).to.equal(10 + 10 + 2);
    });

    it('adds cache creation and storage, and grounding on every agent sharing a Search cache, only when a cache can be created', () => {
      const price = { inputPerMtokUsd: 1, cachedInputPerMtokUsd: 0.1, outputPerMtokUsd: 1, cacheStoragePerMtokHourUsd: 3_600 };
      // One entry per group of calls (costOf sees a group's usage once per candidate model).
      const groups = new Set<Usage>();
      const costOf = (usage: Usage) => (groups.add(usage), 0);
      const grounded = () => [...groups].map((usage) => usage.groundedPrompts !== undefined);
      const cache = { ttlSeconds: 1, sharedModel: 'always' as const, priceOf: () => price, minimumTokensOf: () => 1 };
      const uncached = estimateRequestCost(options([longEpisode(20)], { costOf }));
      groups.clear();
      const cached = estimateRequestCost(options([longEpisode(20)], { costOf, contextCache: cache }));
      expect(grounded()).to.deep.equal([true, true, true, false]);
      // One cache (a cache needs two calls on its model) holding the system instruction and the block.
      expect(cached.maxTokens - uncached.maxTokens).to.be.above(utf8(formatTranscriptBlock(longEpisode(20))));
      expect(cached.maxCostUsd).to.be.above(0);
      groups.clear();
      estimateRequestCost(options([longEpisode(20)], { costOf, contextCache: { ...cache, minimumTokensOf: () => 1e9 } }));
      expect(grounded()).to.deep.equal([false, false, true]);
    });
  });
});
