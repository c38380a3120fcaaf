import { expect } from 'chai';
import { checkRate, runDeterministicChecks, timestampKey, type CheckResult } from '../../predictor/evaluation/deterministic-checks.js';
import { decodeEpisode } from '../../predictor/pipeline/decode-episode.js';
import { GOOD_FACT_CHECK, GOOD_INSIGHTS, sampleSubject } from './support/subjects.js';

function find(results: readonly CheckResult[], name: string, agent: string): CheckResult | undefined {
  return results.find((result) => result.name === name && result.agent === agent);
}

describe('runDeterministicChecks', () => {
  it('passes every check on outputs taken from the transcript and grounding', () => {
    const results = runDeterministicChecks(sampleSubject());
    expect(results.map((result) => `${result.agent}.${result.name}`)).to.have.members([
      'insights.quote_accuracy',
      'insights.timestamp_accuracy',
      'fact-checker.timestamp_accuracy',
      'fact-checker.source_validity',
      'fact-checker.number_support',
      'fact-checker.verified_has_source',
    ]);
    expect(results.every((result) => result.failures.length === 0)).to.equal(true);
  });

  it('fails a made-up quote and names it', () => {
    const insights = {
      ...GOOD_INSIGHTS,
      notable_quotes: [
        ...GOOD_INSIGHTS.notable_quotes,
        { quote: 'Rivers are the veins of the planet.', speaker: 'Ben Cole', timestamp: '00:01:10' },
      ],
    };
    const quotes = find(runDeterministicChecks(sampleSubject({ insights })), 'quote_accuracy', 'insights');
    expect(quotes).to.include({ total: 2, passed: 1 });
    expect(quotes?.failures[0]?.item).to.equal('notable_quotes[1]');
  });

  it('accepts a quote re-punctuated and re-cased by the model', () => {
    const insights = {
      ...GOOD_INSIGHTS,
      notable_quotes: [{ quote: 'every city should protect its river banks', speaker: 'Ana Silva', timestamp: '00:03:45' }],
    };
    expect(find(runDeterministicChecks(sampleSubject({ insights })), 'quote_accuracy', 'insights')?.passed).to.equal(1);
  });

  it('fails a timestamp that is not in the transcript, on quotes and claims', () => {
    const insights = { ...GOOD_INSIGHTS, notable_quotes: [{ ...GOOD_INSIGHTS.notable_quotes[0]!, timestamp: '00:09:99' }] };
    const factCheck = { claims: [{ ...GOOD_FACT_CHECK.claims[0]!, timestamp: '01:00:00' }] };
    const results = runDeterministicChecks(sampleSubject({ insights, factCheck }));
    expect(find(results, 'timestamp_accuracy', 'insights')?.failures[0]?.reason).to.contain('00:09:99');
    expect(find(results, 'timestamp_accuracy', 'fact-checker')?.passed).to.equal(0);
  });

  it('treats 00:02:30, 2:30 and 150 as the same timestamp', () => {
    expect(timestampKey('00:02:30')).to.equal('150');
    expect(timestampKey('2:30')).to.equal('150');
    expect(timestampKey('150')).to.equal('150');
    const factCheck = { claims: [{ ...GOOD_FACT_CHECK.claims[0]!, timestamp: '2:30' }] };
    expect(find(runDeterministicChecks(sampleSubject({ factCheck })), 'timestamp_accuracy', 'fact-checker')?.passed).to.equal(1);
  });

  it('fails a source that grounding never returned', () => {
    const invented = { uri: 'https://invented.example.com/nile', title: 'invented' };
    const factCheck = { claims: [{ ...GOOD_FACT_CHECK.claims[0]!, sources: [...GOOD_FACT_CHECK.claims[0]!.sources, invented] }] };
    const sources = find(runDeterministicChecks(sampleSubject({ factCheck })), 'source_validity', 'fact-checker');
    expect(sources).to.include({ total: 2, passed: 1 });
    expect(sources?.failures[0]).to.deep.equal({
      item: 'claims[0].sources[1]',
      reason: 'source https://invented.example.com/nile was not returned by grounding',
    });
  });

  it('fails every source when grounding was recorded but the call returned none', () => {
    const results = runDeterministicChecks(sampleSubject({ factCheckGrounding: null }));
    expect(find(results, 'source_validity', 'fact-checker')).to.include({ total: 1, passed: 0 });
  });

  it('skips the source check when the calls were not recorded', () => {
    const results = runDeterministicChecks(sampleSubject({}, ['factCheckGrounding']));
    expect(find(results, 'source_validity', 'fact-checker')).to.equal(undefined);
  });

  it('fails a number in a claim that neither the transcript nor a source states', () => {
    const factCheck = {
      claims: [{ ...GOOD_FACT_CHECK.claims[0]!, claim: 'The Nile is roughly 7,100 kilometres long and was measured in 2019.' }],
    };
    const numbers = find(runDeterministicChecks(sampleSubject({ factCheck })), 'number_support', 'fact-checker');
    expect(numbers).to.include({ total: 2, passed: 1 });
    expect(numbers?.failures[0]?.reason).to.equal('number 7100 is in neither the transcript nor a source');
  });

  it('supports a number the transcript spells out in words', () => {
    const factCheck = {
      claims: [{ ...GOOD_FACT_CHECK.claims[0]!, claim: 'The Amazon carries about 1 fifth of river water reaching the oceans.' }],
    };
    const numbers = find(runDeterministicChecks(sampleSubject({ factCheck })), 'number_support', 'fact-checker');
    expect(numbers).to.include({ total: 1, passed: 1 });
  });

  it('flags a verified claim without sources', () => {
    const factCheck = { claims: [{ ...GOOD_FACT_CHECK.claims[0]!, sources: [] }] };
    expect(find(runDeterministicChecks(sampleSubject({ factCheck })), 'verified_has_source', 'fact-checker')?.passed).to.equal(0);
  });

  it('expects empty timestamps on a transcript without timestamps', () => {
    const episode = decodeEpisode(
      JSON.stringify({ title: 'Plain', transcript: 'Ana: I think every city should protect its river banks.' }),
      0,
    );
    const insights = {
      ...GOOD_INSIGHTS,
      notable_quotes: [
        { quote: 'every city should protect its river banks', speaker: 'Ana', timestamp: '' },
        { quote: 'I think every city', speaker: 'Ana', timestamp: '00:00:01' },
      ],
    };
    const timestamps = find(runDeterministicChecks(sampleSubject({ episode, insights }, ['factCheck'])), 'timestamp_accuracy', 'insights');
    expect(timestamps).to.include({ total: 2, passed: 1 });
  });

  it('leaves out agents without output', () => {
    const results = runDeterministicChecks(sampleSubject({}, ['insights', 'factCheck']));
    expect(results).to.deep.equal([]);
  });
});

describe('checkRate', () => {
  it('pools a check over agents and is undefined when nothing was checked', () => {
    const results = runDeterministicChecks(sampleSubject({ factCheck: { claims: [{ ...GOOD_FACT_CHECK.claims[0]!, timestamp: 'x' }] } }));
    expect(checkRate(results, 'timestamp_accuracy')).to.equal(0.5);
    expect(checkRate([], 'quote_accuracy')).to.equal(undefined);
  });
});
