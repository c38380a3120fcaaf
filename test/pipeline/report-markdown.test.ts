import { expect } from 'chai';
import type { AgentResult } from '../../predictor/pipeline/agent.js';
import type { FactCheckOutput } from '../../predictor/pipeline/agent-output-schemas.js';
import type { Episode } from '../../predictor/pipeline/episode.js';
import { escapeMarkdown, markdownLink } from '../../predictor/pipeline/markdown-escape.js';
import { createRandom, integer, pick } from './support/adversarial-episodes.js';
import type { AgentOutcome, EpisodeAnalysis } from '../../predictor/pipeline/orchestrator.js';
import { renderReportMarkdown } from '../../predictor/pipeline/report-markdown.js';
import { SAMPLE_INSIGHTS, SAMPLE_SUMMARY } from './support/sample-outputs.js';

const EPISODE: Episode = {
  title: 'Power Lines #42 — The Grid',
  host: 'Maya Okafor',
  guests: ['Dr. Tomas Lindqvist', 'Priya Raman'],
  segments: [{ timestamp: '00:00:05', speaker: 'Maya Okafor', text: 'Welcome.' }],
  hasTimestamps: true,
};

const FACT_CHECK: FactCheckOutput = {
  claims: [
    {
      claim: 'Data centres used 1-1.5% of electricity | globally',
      timestamp: '00:01:28',
      speaker: 'Dr. Tomas Lindqvist',
      verdict: 'possibly_outdated_or_inaccurate',
      confidence: 0.7,
      explanation: 'Newer IEA figures exist.',
      sources: [{ uri: 'https://www.iea.org/reports/a (b)', title: 'IEA [report]' }, { uri: 'https://bnef.com/x' }],
    },
  ],
};

function ok(agent: AgentOutcome['agent'], output: unknown): AgentOutcome {
  const result = {
    agent,
    output,
    usage: {},
    promptVersion: 'v1',
    modelId: 'm',
    modelVersion: 'm-1',
    durationMs: 1,
    groundingQueryCount: 0,
    isCacheHit: false,
  } satisfies AgentResult;
  return { agent, status: 'ok', result };
}

function analysis(outcomes: AgentOutcome[], episode: Episode = EPISODE): EpisodeAnalysis {
  return { episode, outcomes, isPartial: outcomes.some((outcome) => outcome.status === 'error'), usage: {} };
}

describe('renderReportMarkdown', () => {
  it('renders header, summary, insights and a fact-check table with linked sources', () => {
    const markdown = renderReportMarkdown(
      analysis([ok('summarizer', SAMPLE_SUMMARY), ok('insights', SAMPLE_INSIGHTS), ok('fact-checker', FACT_CHECK)]),
    );
    expect(markdown).to.match(/^# Power Lines #42 — The Grid\n/);
    expect(markdown).to.include('**Host:** Maya Okafor · **Guests:** Dr. Tomas Lindqvist, Priya Raman');
    expect(markdown).to.include('## Summary\n\nMaya Okafor talks with');
    expect(markdown).to.include('- Utilities should publish hosting capacity maps monthly. — _Priya Raman_');
    expect(markdown).to.include('1. Peaks, not averages, drive grid cost.');
    expect(markdown).to.include('> — Dr. Tomas Lindqvist `00:03:30`');
    expect(markdown).to.include('| # | Claim | Time | Verdict | Confidence | Explanation | Sources |');
    expect(markdown).to.include(
      '| 1 | Data centres used 1-1.5% of electricity \\| globally (Dr. Tomas Lindqvist) | 00:01:28 | ⚠️ possibly outdated or inaccurate | 0.70 | Newer IEA figures exist. | [IEA \\[report\\]](https://www.iea.org/reports/a%20%28b%29), [bnef.com](https://bnef.com/x) |',
    );
    expect(markdown).to.not.include('Partial report');
  });

  it('shows a clear note in place of a failed agent and marks the report partial', () => {
    const failed: AgentOutcome = {
      agent: 'fact-checker',
      status: 'error',
      error: { code: 'llm_unavailable', message: 'Gemini is unavailable' },
      cause: undefined,
    };
    const markdown = renderReportMarkdown(analysis([ok('summarizer', SAMPLE_SUMMARY), ok('insights', SAMPLE_INSIGHTS), failed]));
    expect(markdown).to.include('> **Partial report:**');
    expect(markdown).to.include(
      '## Fact check\n\n> **Not available:** the fact-checker agent failed (llm\\_unavailable: Gemini is unavailable).',
    );
  });

  it('escapes markdown and HTML in episode and model text', () => {
    const episode = { ...EPISODE, title: '<script>alert(1)</script> *bold* [x](javascript:y)', host: '# Host' };
    const summary = { ...SAMPLE_SUMMARY, overview: '1. not a list\n\n# not a heading <img src=x>' };
    const markdown = renderReportMarkdown(analysis([ok('summarizer', summary)], episode));
    expect(markdown).to.include('# &lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\[x\\](javascript:y)');
    expect(markdown).to.include('**Host:** \\# Host');
    expect(markdown).to.include('1\\. not a list # not a heading &lt;img src=x&gt;');
    expect(markdown).to.not.match(/<script|<img/);
  });

  it('says so when no claim or quote is left', () => {
    const insights = { ...SAMPLE_INSIGHTS, notable_quotes: [] };
    const markdown = renderReportMarkdown(analysis([ok('insights', insights), ok('fact-checker', { claims: [] })]));
    expect(markdown).to.include('_No quote could be verified against the transcript._');
    expect(markdown).to.include('_No checkable factual claims were found._');
  });
});

describe('markdownLink', () => {
  it('links only http(s) URLs', () => {
    expect(markdownLink('x', 'javascript:alert(1)')).to.equal('x');
    expect(markdownLink('a_b', 'https://e.example/p')).to.equal('[a\\_b](https://e.example/p)');
  });

  it('escapeMarkdown neutralises a leading quote marker and table pipes', () => {
    expect(escapeMarkdown('> quoted | cell')).to.equal('&gt; quoted \\| cell');
    expect(escapeMarkdown('- item')).to.equal('\\- item');
  });

  it('escapeMarkdown turns every whitespace run into one space, whatever the run holds (seeded property)', () => {
    const random = createRandom(20261209);
    const pieces = ['a', 'word', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\u3000', '*', '> ', '1. ', '|'];
    for (let run = 0; run < 3000; run++) {
      const text = Array.from({ length: integer(random, 0, 12) }, () => pick(random, pieces)).join('');
      const collapsed = text.replaceAll(/\s+/g, ' ').trim();
      expect(escapeMarkdown(text), JSON.stringify(text)).to.equal(escapeMarkdown(collapsed));
      expect(escapeMarkdown(text)).not.to.match(/\s\s|[^\S ]/);
    }
  });
});
