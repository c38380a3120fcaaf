/**
 * @module pipeline/report-markdown
 * Renders one episode's analysis as a markdown report: header, summary, insights and a
 * fact-check table. Every piece of episode or model text is escaped; a failed agent is
 * shown as a clear note instead of its section.
 */
import type { FactCheckOutput, InsightsOutput, SummaryOutput, Verdict } from './agent-output-schemas.js';
import type { AgentName } from './agent.js';
import { codeSpan, escapeMarkdown, hostOf, markdownLink } from './markdown-escape.js';
import type { AgentOutcome, EpisodeAnalysis } from './orchestrator.js';

const SECTION_TITLES: Readonly<Record<AgentName, string>> = {
  summarizer: 'Summary',
  insights: 'Key insights',
  'fact-checker': 'Fact check',
};

const VERDICT_LABELS: Readonly<Record<Verdict, string>> = {
  verified: '✅ verified',
  possibly_outdated_or_inaccurate: '⚠️ possibly outdated or inaccurate',
  unverifiable: '❔ unverifiable',
};

function bullets(items: readonly string[]): string[] {
  return items.length > 0 ? items.map((item) => `- ${item}`) : ['_None._'];
}

function renderSummary(summary: SummaryOutput): string[] {
  return [
    escapeMarkdown(summary.overview),
    '',
    '### Core themes',
    ...bullets(summary.core_themes.map(escapeMarkdown)),
    '',
    '### Key discussions',
    ...summary.key_discussions.flatMap((item) => ['', `#### ${escapeMarkdown(item.topic)}`, escapeMarkdown(item.summary)]),
    '',
    '### Outcomes',
    ...bullets(
      summary.outcomes.map((item) => `${escapeMarkdown(item.statement)}${item.speaker ? ` — _${escapeMarkdown(item.speaker)}_` : ''}`),
    ),
  ];
}

function renderInsights(insights: InsightsOutput): string[] {
  const quotes = insights.notable_quotes.flatMap((quote) => [
    `> “${escapeMarkdown(quote.quote)}”`,
    `> — ${escapeMarkdown(quote.speaker)}${quote.timestamp ? ` ${codeSpan(quote.timestamp)}` : ''}`,
    '',
  ]);
  return [
    '### Takeaways',
    ...insights.takeaways.map((takeaway, index) => `${index + 1}. ${escapeMarkdown(takeaway)}`),
    '',
    '### Notable quotes',
    ...(quotes.length > 0 ? quotes : ['_No quote could be verified against the transcript._', '']),
    '### Topics',
    insights.topic_tags.map(codeSpan).filter(Boolean).join(' '),
  ];
}

function renderFactCheck(factCheck: FactCheckOutput): string[] {
  if (factCheck.claims.length === 0) return ['_No checkable factual claims were found._'];
  const rows = factCheck.claims.map((claim, index) => {
    const who = claim.speaker ? ` (${escapeMarkdown(claim.speaker)})` : '';
    const sources = claim.sources.map((source) => markdownLink(source.title ?? hostOf(source.uri), source.uri)).join(', ');
    return [
      String(index + 1),
      `${escapeMarkdown(claim.claim)}${who}`,
      escapeMarkdown(claim.timestamp) || '—',
      VERDICT_LABELS[claim.verdict],
      claim.confidence.toFixed(2),
      escapeMarkdown(claim.explanation),
      sources || '—',
    ].join(' | ');
  });
  return [
    '| # | Claim | Time | Verdict | Confidence | Explanation | Sources |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
  ];
}

/** One agent's section of the report (heading and body, or a note when it failed), as lines. */
export function renderSection(outcome: AgentOutcome): string[] {
  const heading = `## ${SECTION_TITLES[outcome.agent]}`;
  if (outcome.status === 'error') {
    const reason = `${escapeMarkdown(outcome.error.code)}: ${escapeMarkdown(outcome.error.message)}`;
    return [heading, '', `> **Not available:** the ${outcome.agent} agent failed (${reason}). The other sections are complete.`];
  }
  const output = outcome.result.output;
  const body =
    outcome.agent === 'summarizer'
      ? renderSummary(output as SummaryOutput)
      : outcome.agent === 'insights'
        ? renderInsights(output as InsightsOutput)
        : renderFactCheck(output as FactCheckOutput);
  return [heading, '', ...body];
}

/** The markdown report of one analysed episode. */
export function renderReportMarkdown({ episode, outcomes, isPartial }: EpisodeAnalysis): string {
  const people = [
    episode.host ? `**Host:** ${escapeMarkdown(episode.host)}` : undefined,
    episode.guests.length > 0 ? `**Guests:** ${episode.guests.map(escapeMarkdown).join(', ')}` : undefined,
  ].filter((line): line is string => line !== undefined);
  const lines = [
    `# ${escapeMarkdown(episode.title)}`,
    '',
    ...(people.length > 0 ? [people.join(' · '), ''] : []),
    ...(isPartial ? ['> **Partial report:** at least one analysis failed; see the notes below.', ''] : []),
    ...outcomes.flatMap((outcome) => [...renderSection(outcome), '']),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
