/**
 * @module scripts/eval/eval-dataset
 * An offline evaluation dataset: a directory of `*.json` files, each one episode exactly
 * as a client would send it, optionally with `expected_facts` — short statements a good
 * analysis should mention. The file is sent to the pipeline without that field.
 */
import { join } from 'node:path';
import { InvalidInputError } from '../../predictor/errors.js';
import { decodeEpisode } from '../../predictor/pipeline/decode-episode.js';
import type { Episode } from '../../predictor/pipeline/episode.js';

export interface DatasetEpisode {
  /** File name, for the report. */
  readonly file: string;
  /** `episode_id` or the file name without `.json`. */
  readonly id: string;
  /** The episode JSON sent as the `episode` tensor element. */
  readonly payload: string;
  readonly episode: Episode;
  readonly expectedFacts: readonly string[];
}

export interface LoadEvalDatasetOptions {
  readonly directory: string;
  readonly readDirectory: (path: string) => Promise<readonly string[]>;
  readonly readFile: (path: string) => Promise<string>;
}

function readExpectedFacts(value: unknown, file: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((fact) => typeof fact === 'string' && fact.trim() !== '')) {
    throw new InvalidInputError(`${file}: expected_facts must be an array of non-empty strings`);
  }
  return value.map((fact: string) => fact.trim());
}

/** Loads and validates every episode, in file-name order; any bad file fails the whole load. */
export async function loadEvalDataset({ directory, readDirectory, readFile }: LoadEvalDatasetOptions): Promise<DatasetEpisode[]> {
  const files = (await readDirectory(directory)).filter((name) => name.endsWith('.json')).sort();
  if (files.length === 0) throw new InvalidInputError(`${directory}: no *.json episodes found`);
  const episodes: DatasetEpisode[] = [];
  for (const file of files) {
    let document: Record<string, unknown>;
    try {
      document = JSON.parse(await readFile(join(directory, file))) as Record<string, unknown>;
    } catch (error) {
      throw new InvalidInputError(`${file}: not valid JSON`, { cause: error });
    }
    const { expected_facts: expectedFacts, ...wire } = document;
    const payload = JSON.stringify(wire);
    let episode: Episode;
    try {
      episode = decodeEpisode(payload, 0);
    } catch (error) {
      throw new InvalidInputError(`${file}: ${error instanceof Error ? error.message.replace(/^episode\[0\]/, 'episode') : 'invalid'}`, {
        cause: error,
      });
    }
    episodes.push({
      file,
      id: episode.episodeId ?? file.replace(/\.json$/, ''),
      payload,
      episode,
      expectedFacts: readExpectedFacts(expectedFacts, file),
    });
  }
  return episodes;
}
