import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../predictor/errors.js';
import { DEFAULT_ACCESS_POLICY } from '../../predictor/security/access-policy.js';
import { hashApiKey } from '../../predictor/security/api-key-authenticator.js';
import { createPolicyStore, type WatchFile } from '../../predictor/security/policy-store.js';
import { createPollingWatcher } from '../../predictor/security/watch-file-by-polling.js';
import { createRecordingLogger } from './security-fakes.js';

const policyWith = (action: string) => JSON.stringify({ rules: [{ roles: ['analyst'], models: ['*'], actions: [action] }] });
const keysWith = (...ids: string[]) => JSON.stringify({ keys: ids.map((id) => ({ id, sha256: hashApiKey(id), roles: [] })) });

function createMemoryFiles(initial: Record<string, string>) {
  const files = new Map(Object.entries(initial));
  return {
    files,
    readFile: async (path: string) => {
      const text = files.get(path);
      if (text === undefined) throw new Error(`ENOENT ${path}`);
      return text;
    },
  };
}

describe('createPolicyStore', () => {
  it('uses the default policy and no keys when no files are configured', async () => {
    const store = await createPolicyStore({ readFile: async () => '', logger: createRecordingLogger() });
    expect(store.current()).to.deep.equal({ policy: DEFAULT_ACCESS_POLICY, apiKeys: [] });
  });

  it('fails at start-up on an invalid policy', async () => {
    const { readFile } = createMemoryFiles({ 'policy.json': '{"rules": [{}]}' });
    let failure: unknown;
    await createPolicyStore({ policyFile: 'policy.json', readFile, logger: createRecordingLogger() }).catch((error) => (failure = error));
    expect(failure).to.be.instanceOf(ConfigError);
  });

  it('swaps in the new policy and keys on reload', async () => {
    const { files, readFile } = createMemoryFiles({ 'policy.json': policyWith('infer'), 'keys.json': keysWith('a') });
    const store = await createPolicyStore({
      policyFile: 'policy.json',
      apiKeysFile: 'keys.json',
      readFile,
      logger: createRecordingLogger(),
    });
    files.set('policy.json', policyWith('jobs'));
    files.set('keys.json', keysWith('a', 'b'));
    await store.reload();
    expect(store.current().policy.rules[0]?.actions).to.deep.equal(['jobs']);
    expect(store.current().apiKeys.map((key) => key.id)).to.deep.equal(['a', 'b']);
  });

  it('keeps the previous snapshot, logs and rejects when a reload is invalid', async () => {
    const { files, readFile } = createMemoryFiles({ 'policy.json': policyWith('infer') });
    const logger = createRecordingLogger();
    const store = await createPolicyStore({ policyFile: 'policy.json', readFile, logger });
    const before = store.current();
    files.set('policy.json', 'rules: [');
    let failure: unknown;
    await store.reload().catch((error) => (failure = error));
    expect(failure).to.be.instanceOf(ConfigError);
    expect(store.current()).to.equal(before);
    expect(logger.records.map((record) => record.message)).to.include('access policy reload failed; keeping the previous policy');
  });

  it('reloads when the injected watcher reports a change, and stops watching on close', async () => {
    const { files, readFile } = createMemoryFiles({ 'policy.json': policyWith('infer') });
    const callbacks = new Map<string, () => void>();
    const closed: string[] = [];
    const watch: WatchFile = (path, onChange) => {
      callbacks.set(path, onChange);
      return { close: () => closed.push(path) };
    };
    const logger = createRecordingLogger();
    const store = await createPolicyStore({ policyFile: 'policy.json', readFile, watch, logger });
    files.set('policy.json', policyWith('feedback'));
    callbacks.get('policy.json')?.();
    await store.reload(); // queued behind the watcher's reload, so both have finished
    expect(store.current().policy.rules[0]?.actions).to.deep.equal(['feedback']);
    store.close();
    expect(closed).to.deep.equal(['policy.json']);
  });

  it('applies reloads in the order they were requested', async () => {
    const { files, readFile } = createMemoryFiles({ 'policy.json': policyWith('infer') });
    const store = await createPolicyStore({ policyFile: 'policy.json', readFile, logger: createRecordingLogger() });
    files.set('policy.json', policyWith('jobs'));
    const first = store.reload();
    files.set('policy.json', policyWith('admin'));
    const second = store.reload();
    await Promise.all([first, second]);
    expect(store.current().policy.rules[0]?.actions).to.deep.equal(['admin']);
  });
});

describe('createPollingWatcher', () => {
  it('calls back when the watched file changes on disk', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'policy-watch-'));
    const path = join(directory, 'policy.json');
    await writeFile(path, policyWith('infer'));
    const watch = createPollingWatcher({ intervalMs: 20 });
    const changed = new Promise<void>((resolve) => {
      const handle = watch(path, () => {
        handle.close();
        resolve();
      });
    });
    await writeFile(path, `${policyWith('jobs')}\n`);
    await changed;
    await rm(directory, { recursive: true });
  });
});
