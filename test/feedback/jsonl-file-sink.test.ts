import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { createCloudEventSink } from '../../predictor/feedback/create-cloud-event-sink.js';
import { createJsonlFileSink } from '../../predictor/feedback/jsonl-file-sink.js';

function event(id: string) {
  return { id, source: '/s', type: 't', time: '2026-01-01T00:00:00.000Z', data: { n: id } };
}

describe('createJsonlFileSink', () => {
  let directory: string | undefined;
  afterEach(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('appends one structured event per line, in send order', async () => {
    directory = await mkdtemp(join(tmpdir(), 'sink-'));
    const path = join(directory, 'events.jsonl');
    const sink = createCloudEventSink({ url: pathToFileURL(path).href });
    await Promise.all(['a', 'b', 'c'].map((id) => sink!.send(event(id))));
    await sink!.close();
    const lines = (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { id: string; specversion: string });
    expect(lines.map((line) => line.id)).to.deep.equal(['a', 'b', 'c']);
    expect(lines[0]?.specversion).to.equal('1.0');
  });

  it('reports a failed write to its sender and keeps writing the next events', async () => {
    const written: string[] = [];
    let calls = 0;
    const sink = createJsonlFileSink({
      path: '/tmp/x.jsonl',
      appendFile: async (_path, text) => {
        if (calls++ === 0) throw new Error('disk full');
        written.push(text);
      },
    });
    const first = sink.send(event('a')).then(() => 'ok', (error: Error) => error.message);
    await sink.send(event('b'));
    expect(await first).to.equal('disk full');
    expect(written).to.have.length(1);
  });
});
