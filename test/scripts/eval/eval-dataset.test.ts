import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { loadEvalDataset } from '../../../scripts/eval/eval-dataset.js';
import { InvalidInputError } from '../../../predictor/errors.js';

const SHIPPED = fileURLToPath(new URL('../../../scripts/eval/dataset/', import.meta.url));

function inMemory(files: Record<string, string>) {
  return {
    directory: 'data',
    readDirectory: async () => Object.keys(files),
    readFile: async (path: string) => files[path.replace(/^data\//, '')] ?? '',
  };
}

async function loadError(files: Record<string, string>): Promise<Error> {
  try {
    await loadEvalDataset(inMemory(files));
  } catch (error) {
    return error as Error;
  }
  return expect.fail('expected the load to fail');
}

describe('loadEvalDataset', () => {
  it('loads the shipped dataset: valid episodes, each with expected facts', async () => {
    const dataset = await loadEvalDataset({
      directory: SHIPPED,
      readDirectory: (path) => readdir(path),
      readFile: (path) => readFile(path, 'utf8'),
    });
    expect(dataset.length).to.be.at.least(4);
    for (const item of dataset) {
      expect(item.expectedFacts.length).to.be.greaterThan(0);
      expect(item.payload).not.to.contain('expected_facts');
    }
    expect(dataset.some((item) => !item.episode.hasTimestamps)).to.equal(true);
  });

  it('sorts files, ignores non-JSON files and names episodes by id or file', async () => {
    const episode = (extra: object) => JSON.stringify({ title: 'T', transcript: 'A: hello there', ...extra });
    const dataset = await loadEvalDataset(inMemory({ 'b.json': episode({ episode_id: 'bee' }), 'a.json': episode({}), 'notes.md': '#' }));
    expect(dataset.map((item) => item.id)).to.deep.equal(['a', 'bee']);
  });

  it('names the file of an invalid episode, bad expected facts or bad JSON', async () => {
    expect((await loadError({ 'x.json': JSON.stringify({ title: 'T' }) })).message).to.equal('x.json: episode.transcript: is required');
    expect((await loadError({ 'y.json': JSON.stringify({ title: 'T', transcript: 'A: hi', expected_facts: [1] }) })).message).to.contain(
      'y.json: expected_facts',
    );
    const error = await loadError({ 'z.json': '{' });
    expect(error).to.be.instanceOf(InvalidInputError);
    expect(error.message).to.equal('z.json: not valid JSON');
  });

  it('refuses an empty directory', async () => {
    expect((await loadError({})).message).to.contain('no *.json episodes');
  });
});
