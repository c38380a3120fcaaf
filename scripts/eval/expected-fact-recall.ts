/**
 * @module scripts/eval/expected-fact-recall
 * How many of a dataset episode's expected facts the outputs mention. A fact counts as
 * mentioned when one output statement covers most of its content words and every number
 * it states — a deterministic proxy that tolerates paraphrase in word order and
 * punctuation, not in substance.
 */
import { coverageWordsOf, toMatchText, wordCoverage, wordsOf } from '../../predictor/pipeline/agents/match-text.js';
import type { EvaluationSubject } from '../../predictor/evaluation/evaluation-subject.js';
import { statedNumbers } from '../../predictor/evaluation/numbers-in-text.js';

/** Share of a fact's content words (3+ letters) one statement must contain. */
export const MIN_FACT_COVERAGE = 0.6;

export interface FactRecall {
  readonly fact: string;
  readonly isMentioned: boolean;
}

/** Every statement the outputs make, one string each. */
export function outputStatements(subject: EvaluationSubject): string[] {
  const { summary, insights, factCheck } = subject;
  return [
    ...(summary
      ? [
          summary.overview,
          ...summary.key_discussions.map((item) => `${item.topic} ${item.summary}`),
          ...summary.outcomes.map((item) => item.statement),
        ]
      : []),
    ...(insights ? [...insights.takeaways, ...insights.notable_quotes.map((quote) => quote.quote)] : []),
    ...(factCheck ? factCheck.claims.map((claim) => claim.claim) : []),
  ];
}

/** Checks each expected fact against the subject's outputs. */
export function expectedFactRecall(subject: EvaluationSubject, facts: readonly string[]): FactRecall[] {
  const statements = outputStatements(subject).map((text) => ({ words: wordsOf(toMatchText(text)), numbers: statedNumbers(text) }));
  return facts.map((fact) => {
    const wanted = coverageWordsOf(toMatchText(fact));
    const numbers = [...statedNumbers(fact)];
    const isMentioned = statements.some(
      (statement) => wordCoverage(wanted, statement.words) >= MIN_FACT_COVERAGE && numbers.every((value) => statement.numbers.has(value)),
    );
    return { fact, isMentioned };
  });
}
