import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { createCloudEventSink } from '../../../predictor/observability/cloud-events/create-cloud-event-sink.js';
import { appendDurably, createJsonlFileSink, type AppendHandle } from '../../../predictor/observability/cloud-events/jsonl-file-sink.js';

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
    const lines = (await readFile(path, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; specversion: string });
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
    const first = sink.send(event('a')).then(
      () => 'ok',
      (error: Error) => error.message,
    );
    await sink.send(event('b'));
    expect(await first).to.equal('disk full');
    expect(written).to.have.length(1);
  });
});

describe('createJsonlFileSink: batches', () => {
  it('writes a batch as one append of one line per event', async () => {
    const appends: string[] = [];
    const sink = createJsonlFileSink({ path: '/tmp/x.jsonl', appendFile: async (_path, text) => void appends.push(text) });
    await sink.sendBatch!([event('a'), event('b'), event('c')]);
    expect(appends).to.have.length(1);
    expect(
      appends[0]!
        .split('\n')
        .slice(0, -1)
        .map((line) => (JSON.parse(line) as { id: string }).id),
    ).to.deep.equal(['a', 'b', 'c']);
  });
});

describe('appendDurably', () => {
  let directory: string | undefined;
  afterEach(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('appends to the file and syncs before it resolves', async () => {
    directory = await mkdtemp(join(tmpdir(), 'append-'));
    const path = join(directory, 'events.jsonl');
    const calls: string[] = [];
    const openFile = async (file: string, flags: 'a') => {
      const handle = await open(file, flags);
      return {
        stat: () => handle.stat(),
        writeFile: async (text: string) => {
          calls.push('write');
          await handle.writeFile(text, 'utf8');
        },
        datasync: async () => {
          calls.push('datasync');
          await handle.datasync();
        },
        truncate: (length?: number) => handle.truncate(length),
        close: async () => {
          calls.push('close');
          await handle.close();
        },
      } as unknown as AppendHandle;
    };
    await appendDurably(path, 'one\n', openFile);
    await appendDurably(path, 'two\n', openFile);
    expect(await readFile(path, 'utf8')).to.equal('one\ntwo\n');
    expect(calls).to.deep.equal(['write', 'datasync', 'close', 'write', 'datasync', 'close']);
  });

  it('cuts a failed append back to the previous end of the file, so no torn line remains', async () => {
    directory = await mkdtemp(join(tmpdir(), 'append-'));
    const path = join(directory, 'events.jsonl');
    await appendDurably(path, 'kept\n');
    const failingSync = async (file: string, flags: 'a') => {
      const handle = await open(file, flags);
      return {
        stat: () => handle.stat(),
        writeFile: (text: string) => handle.writeFile(text.slice(0, 5), 'utf8'),
        datasync: () => Promise.reject(new Error('EIO')),
        truncate: (length?: number) => handle.truncate(length),
        close: () => handle.close(),
      } as unknown as AppendHandle;
    };

    const error = await appendDurably(path, 'torn line\n', failingSync).then(
      () => undefined,
      (failure: Error) => failure,
    );
    await appendDurably(path, 'next\n');

    expect(error?.message).to.equal('EIO');
    expect(await readFile(path, 'utf8')).to.equal('kept\nnext\n');
  });
});
