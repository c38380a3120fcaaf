// Builds dist/ when it is missing or older than any source file, so `npm start`
// works on a fresh clone without a separate build step. With --bundle it also rebuilds the
// production bundle (scripts/bundle.mjs: dist/bundle/, what the image runs) when stale;
// `npm run bench` measures that bundle.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const sourceRoots = ['predictor', 'scripts'];
const marker = 'dist/.tsbuildinfo';
const bundleEntry = 'dist/bundle/main.mjs';

function newestMtimeMs(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtimeMs(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const builtAt = existsSync(marker) ? statSync(marker).mtimeMs : 0;
const sourcesAt = Math.max(...sourceRoots.filter(existsSync).map(newestMtimeMs), statSync('tsconfig.json').mtimeMs);
if (sourcesAt > builtAt) {
  process.stderr.write('building dist/ (tsc)...\n');
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
}

const bundledAt = existsSync(bundleEntry) ? statSync(bundleEntry).mtimeMs : 0;
if (process.argv.includes('--bundle') && sourcesAt > bundledAt) {
  process.stderr.write('building dist/bundle/ (scripts/bundle.mjs)...\n');
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
}
