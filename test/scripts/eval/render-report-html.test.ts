import { expect } from 'chai';
import { jsonForScript, renderReportHtml } from '../../../scripts/eval/render-report-html.js';
import { episodeResult, report, variantResult } from '../../evaluation/support/reports.js';

function chartData(html: string, chart: string): unknown {
  const figure = new RegExp(`<figure class="chart" data-chart="${chart}">([\\s\\S]*?)</figure>`).exec(html)?.[1];
  const json = /<script type="application\/json" class="chart-data">([\s\S]*?)<\/script>/.exec(figure ?? '')?.[1];
  if (json === undefined) return expect.fail(`chart ${chart} has no data`);
  return JSON.parse(json);
}

function twoVariants() {
  const a = [episodeResult({ id: 'ep-1', costUsd: 0.01, latencyMs: 120 }), episodeResult({ id: 'ep-2', costUsd: 0.02, latencyMs: 80 })];
  const b = [episodeResult({ id: 'ep-1', costUsd: 0.015, latencyMs: 90 }), episodeResult({ id: 'ep-2', costUsd: 0.025, latencyMs: 70 })];
  return report([variantResult('v1', a), variantResult('v2', b)]);
}

describe('renderReportHtml', () => {
  it('holds the data behind each chart next to its SVG', () => {
    const html = renderReportHtml(twoVariants());
    expect(chartData(html, 'cost-per-episode')).to.deep.equal({
      categories: ['ep-1', 'ep-2'],
      series: [
        { label: 'v1', values: [0.01, 0.02] },
        { label: 'v2', values: [0.015, 0.025] },
      ],
    });
    expect(chartData(html, 'latency-per-episode')).to.deep.include({ categories: ['ep-1', 'ep-2'] });
    expect(chartData(html, 'score-distribution-summarizer')).to.deep.equal({
      agent: 'summarizer',
      kind: 'statement',
      series: [
        { label: 'v1', values: [0.8, 0.8] },
        { label: 'v2', values: [0.8, 0.8] },
      ],
    });
    expect((chartData(html, 'variant-comparison') as { series: { label: string; values: unknown[] }[] }).series[0]?.values).to.include(
      null,
    );
    expect(chartData(html, 'check-pass-rates')).to.deep.equal({
      categories: ['insights · quote_accuracy'],
      series: [
        { label: 'v1', values: [1] },
        { label: 'v2', values: [1] },
      ],
    });
    expect(html.match(/<svg /g)).to.have.length(5);
  });

  it('embeds the whole report and stays self-contained', () => {
    const source = twoVariants();
    const html = renderReportHtml(source);
    const embedded = /<script type="application\/json" id="eval-report-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(JSON.parse(embedded)).to.deep.equal(source);
    expect(html).not.to.match(/\b(?:src|href)=["']?https?:/);
    expect(html).not.to.match(/<script(?![^>]*type="application\/json")/);
  });

  it('escapes text from the dataset and the judge', () => {
    const hostile = episodeResult({
      id: '<img src=x onerror=alert(1)>',
      title: '</script><script>alert(1)</script>',
      judgeScores: [{ id: 's1', kind: 'statement', agent: 'summarizer', text: 'x', score: 0.1, rationale: '<b>bad</b>' }],
    });
    const html = renderReportHtml(report([variantResult('v1', [hostile])], ['v1: groundedness 0.1 < 0.5']));
    expect(html).not.to.contain('<img src=x');
    expect(html).not.to.contain('</script><script>alert');
    expect(html).to.contain('&lt;b&gt;bad&lt;/b&gt;');
    expect(html).to.contain('Gate: FAIL');
  });
});

describe('jsonForScript', () => {
  it('cannot close its script element', () => {
    expect(jsonForScript({ text: '</script>' })).to.equal('{"text":"\\u003c/script>"}');
  });
});
