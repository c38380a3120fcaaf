import { expect } from 'chai';
import { barChartSvg, binScores, escapeHtml, scoreHistogramSvg } from '../../../scripts/eval/svg-charts.js';

describe('binScores', () => {
  it('counts 0-1 scores into equal bins, 1 in the last', () => {
    expect(binScores([0, 0.05, 0.5, 0.99, 1], 10)).to.deep.equal([2, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
  });
});

describe('barChartSvg', () => {
  it('draws one bar per series and category, with a titled tooltip', () => {
    const svg = barChartSvg({
      categories: ['a', 'b'],
      series: [
        { label: 'v1', values: [1, 2] },
        { label: 'v2', values: [3, 4] },
      ],
    });
    expect(svg.match(/<rect [^>]*><title>/g)).to.have.length(4);
    expect(svg).to.contain('<title>v2 · b: 4.00</title>');
  });

  it('escapes labels', () => {
    expect(barChartSvg({ categories: ['<x>'], series: [{ label: '"&"', values: [1] }] }))
      .to.contain('&lt;x&gt;')
      .and.contain('&quot;&amp;&quot;');
  });
});

describe('scoreHistogramSvg', () => {
  it('labels bins from 0.0 to 1.0', () => {
    expect(scoreHistogramSvg([{ label: 'v1', values: [0.95] }])).to.contain('0.9–1.0');
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).to.equal('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
