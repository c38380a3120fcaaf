/**
 * Loads the guardrail corpus from test/fixtures/guardrails (written for this project).
 */
import { readFileSync } from 'node:fs';

export interface CorpusEntry {
  readonly id: string;
  readonly text: string;
}

export interface PiiCase extends CorpusEntry {
  readonly expected: readonly string[];
}

const directory = new URL('../../fixtures/guardrails/', import.meta.url);

export function loadCorpus<T = CorpusEntry>(name: string): T[] {
  return JSON.parse(readFileSync(new URL(name, directory), 'utf8')) as T[];
}
