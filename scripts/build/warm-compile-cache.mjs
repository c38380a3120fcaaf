// Build step (scripts/bundle.mjs): starts the bundle once through its launcher, so Node's
// compile cache beside it holds V8's code for every module a default start loads, then stops
// it. A container start then reads that code instead of compiling the bundle again. The
// cache is keyed by the bundle's contents and the Node version; a different Node ignores it.
// Usage: node scripts/build/warm-compile-cache.mjs BUNDLE_DIR
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const bundleDir = process.argv[2];
if (bundleDir === undefined) {
  process.stderr.write('usage: warm-compile-cache.mjs BUNDLE_DIR\n');
  process.exit(2);
}
const child = spawn(process.execPath, [join(bundleDir, 'main.mjs')], {
  env: {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PORT: '0',
    HOST: '127.0.0.1',
    LLM_BACKEND: 'emulator',
    DRAIN_DELAY_MS: '0',
    LOG_LEVEL: 'info',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
const ready = new Promise((resolve, reject) => {
  child.stdout.on('data', (chunk) => {
    output += chunk.toString('utf8');
    if (output.includes('"message":"start-up phases')) resolve();
  });
  child.once('exit', (code) => reject(new Error(`the bundle exited with ${code} before it was ready:\n${output}`)));
});
await ready;
const exited = once(child, 'exit');
child.kill('SIGTERM');
const [code] = await exited;
if (code !== 0) throw new Error(`the bundle exited with ${code} on SIGTERM:\n${output}`);
// Node writes the cache readable by its owner only; the image runs as another user.
const cacheDir = join(bundleDir, '.compile-cache');
const makeReadable = (path) => {
  const isDirectory = statSync(path).isDirectory();
  chmodSync(path, isDirectory ? 0o755 : 0o644);
  if (isDirectory) for (const entry of readdirSync(path)) makeReadable(join(path, entry));
};
makeReadable(cacheDir);
