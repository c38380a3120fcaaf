/**
 * @module test/pipeline/support/episodes
 * Episode helpers for pipeline tests: the fixture files as bytes or decoded episodes,
 * and a small wire episode to vary per test.
 */
import { readFileSync } from 'node:fs';
import type { Episode } from '../../../predictor/pipeline/episode.js';
import { decodeEpisode } from '../../../predictor/pipeline/decode-episode.js';

const FIXTURES = new URL('../../fixtures/episodes/', import.meta.url);

export type FixtureName = 'grid-under-pressure' | 'balcony-tomatoes-plain' | 'deep-sea-marathon';

/** The raw bytes of a fixture episode. */
export function fixtureBytes(name: FixtureName): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`${name}.json`, FIXTURES)));
}

/** A fixture episode, decoded. */
export function fixtureEpisode(name: FixtureName): Episode {
  return decodeEpisode(fixtureBytes(name), 0);
}

/** UTF-8 JSON bytes of any value (an episode element). */
export function toBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

/** A short valid wire episode; override any field. */
export function smallWireEpisode(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Short Talk',
    host: 'Ana',
    transcript: [
      { timestamp: '00:00:01', speaker: 'Ana', section: 'Intro', text: 'Hello and welcome.' },
      { timestamp: '00:00:09', speaker: 'Bo', text: 'The Eiffel Tower is 330 metres tall.' },
    ],
    ...overrides,
  };
}
