// Bundles the predictor into dist/bundle/ for the container image: one ESM entry with code
// splitting, so modules behind a dynamic import (ioredis with REDIS_URL, the OpenTelemetry
// SDK with OTEL_TRACES_EXPORTER=otlp) become chunks that a default start never parses.
// Cold start is dominated by resolving and compiling hundreds of small modules; one file
// removes most of that (numbers in docs/benchmarks.md). The JSON schemas a default start
// compiles are compiled here instead (scripts/build/precompile-validators.ts) and bundled in
// place of predictor/precompiled-validators.ts. The entry, main.mjs, is a launcher
// (scripts/build/bundle-launcher.mjs) that turns on Node's compile cache, warmed here by one
// start (scripts/build/warm-compile-cache.mjs), before it loads server.mjs. The output needs
// no node_modules.
// Usage: node scripts/bundle.mjs [OUT_DIR]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const outdir = process.argv[2] ?? 'dist/bundle';
// Inside the repository, so the generated modules resolve ajv's runtime helpers from its node_modules.
mkdirSync('dist', { recursive: true });
const validatorsDir = mkdtempSync(join('dist', 'precompiled-validators-'));
try {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build/precompile-validators.ts', validatorsDir], { stdio: 'inherit' });
  const precompiledValidators = {
    name: 'precompiled-validators',
    setup(bundle) {
      bundle.onResolve({ filter: /^\.\/precompiled-validators\.js$/ }, (args) =>
        args.importer.endsWith(join('predictor', 'create-ajv.ts')) ? { path: resolve(validatorsDir, 'index.mjs') } : undefined,
      );
    },
  };
  // An ESM import of a Node built-in evaluates every export of it, lazy getters included:
  // `import { createServer } from 'node:http'` loads undici (for http's WebSocket getter),
  // node:crypto's loads WebCrypto, and so on, each compiled at start and kept in memory.
  // require() hands back the exports object and evaluates nothing, so built-ins imported by
  // ESM code are bundled as a require() (through the banner's createRequire).
  const builtinsByRequire = {
    name: 'builtins-by-require',
    setup(bundle) {
      bundle.onResolve({ filter: /^[a-z:_/]+$/ }, (args) =>
        args.kind === 'import-statement' && isBuiltin(args.path) ? { path: args.path, namespace: 'builtin-by-require' } : undefined,
      );
      bundle.onLoad({ filter: /.*/, namespace: 'builtin-by-require' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
  await build({
    entryPoints: { server: 'predictor/main.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    outdir,
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    // Smaller source is faster to read and compile; identifiers are kept (error names, logs).
    minifyWhitespace: true,
    minifySyntax: true,
    // CommonJS dependencies call require() for Node built-ins; ESM has no require of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [precompiledValidators, builtinsByRequire],
    logLevel: 'warning',
  });
} finally {
  rmSync(validatorsDir, { recursive: true, force: true });
}
copyFileSync('scripts/build/bundle-launcher.mjs', join(outdir, 'main.mjs'));
rmSync(join(outdir, '.compile-cache'), { recursive: true, force: true });
execFileSync(process.execPath, ['scripts/build/warm-compile-cache.mjs', outdir], { stdio: 'inherit' });
