// Build step (scripts/bundle.mjs): starts the bundle once through its launcher with the
// built-in emulator, answers one inference, and has the launcher write V8's code for
// everything that ran (server.cjs.v8-cache), then stops it. A container start then
// deserializes that code instead of compiling it. The cache is checked against the bundle
// and the Node version; a different Node ignores it.
// Usage: node scripts/build/warm-code-cache.mjs BUNDLE_DIR
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const bundleDir = process.argv[2];
if (bundleDir === undefined) {
  process.stderr.write('usage: warm-code-cache.mjs BUNDLE_DIR\n');
  process.exit(2);
}
const cacheFile = join(bundleDir, 'server.cjs.v8-cache');
const child = spawn(process.execPath, [join(bundleDir, 'main.mjs')], {
  env: {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PORT: '0',
    // No separate gRPC listener (the serverless pod's setting): a build must not need 8081 free.
    GRPC_PORT: '0',
    HOST: '127.0.0.1',
    LLM_BACKEND: 'emulator',
    DRAIN_DELAY_MS: '0',
    LOG_LEVEL: 'info',
    WRITE_CODE_CACHE: cacheFile,
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
const onOutput = (chunk) => {
  output += chunk.toString('utf8');
  child.emit('output');
};
child.stdout.on('data', onOutput);
child.stderr.on('data', onOutput);
/** Resolves with the first match of `pattern` in what the bundle wrote; rejects if it exits first. */
const waitFor = (pattern) =>
  new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(output);
      if (match === null) return;
      child.off('output', check);
      child.off('exit', onExit);
      resolve(match);
    };
    const onExit = (code) => reject(new Error(`the bundle exited with ${code}:\n${output}`));
    child.on('output', check);
    child.once('exit', onExit);
    check();
  });

const listening = await waitFor(/"message":"server listening"[^\n]*"port":(\d+)|"port":(\d+)[^\n]*"message":"server listening"/);
const port = listening[1] ?? listening[2];
await waitFor(/"message":"start-up phases/);
const episode = readFileSync('scripts/deploy/sample-episode.json', 'utf8');
const response = await fetch(`http://127.0.0.1:${port}/v2/models/podcast-pipeline/infer`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [episode] }] }),
});
if (!response.ok) throw new Error(`the warm-up inference answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
await response.arrayBuffer();
child.kill('SIGUSR2');
await waitFor(/code cache written/);
const exited = once(child, 'exit');
child.kill('SIGTERM');
const [code] = await exited;
if (code !== 0) throw new Error(`the bundle exited with ${code} on SIGTERM:\n${output}`);
// Readable by the image's non-root user.
chmodSync(cacheFile, 0o644);
