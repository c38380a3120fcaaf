// Bundles the predictor into dist/bundle/ for the container image; the output needs no
// node_modules. Cold start is dominated by loading and compiling code, so:
// - one CommonJS file, server.cjs: no module resolution at start, and each dependency's body
//   (ioredis with REDIS_URL, the OpenTelemetry SDK with OTEL_TRACES_EXPORTER=otlp, the
//   in-process emulator) runs only when first required; V8 only pre-parses what never runs;
// - the JSON schemas a default start compiles are compiled here instead
//   (scripts/build/precompile-validators.ts), bundled in place of
//   predictor/precompiled-validators.ts;
// - the entry, main.mjs (scripts/build/bundle-launcher.mjs), runs server.cjs through
//   vm.Script with V8 code cached after a start and a first inference
//   (scripts/build/warm-code-cache.mjs), so neither compiles the functions they use again.
// - @grpc/reflection reads its .proto files from beside its own modules at run time: they are
//   copied into the bundle (grpc-reflection-proto/) and its path to them rewritten, so gRPC
//   reflection works from the bundle alone too.
// Usage: node scripts/bundle.mjs [OUT_DIR]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const outdir = process.argv[2] ?? 'dist/bundle';
// Inside the repository, so the generated modules resolve ajv's runtime helpers from its node_modules.
mkdirSync('dist', { recursive: true });
const validatorsDir = mkdtempSync(join('dist', 'precompiled-validators-'));
rmSync(outdir, { recursive: true, force: true });
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
  const reflectionProtos = {
    name: 'grpc-reflection-protos',
    setup(bundle) {
      bundle.onLoad({ filter: /@grpc[\\/]reflection[\\/]build[\\/]src[\\/]implementations[\\/]reflection-v1(alpha)?\.js$/ }, (args) => ({
        contents: readFileSync(args.path, 'utf8').replaceAll("'../../proto/grpc/reflection/", "'grpc-reflection-proto/"),
        loader: 'js',
      }));
    },
  };
  await build({
    entryPoints: { server: 'predictor/main.ts' },
    bundle: true,
    // CommonJS, not ESM: the launcher needs a classic script to cache V8's code after
    // execution, and require() of a Node built-in evaluates none of its lazy exports (an ESM
    // import of node:http loads undici for its WebSocket getter, node:crypto's WebCrypto).
    format: 'cjs',
    platform: 'node',
    target: 'node24',
    outdir,
    outExtension: { '.js': '.cjs' },
    sourcemap: 'linked',
    // Smaller source is faster to read and compile; identifiers are kept (error names, logs).
    // ASCII output (esbuild's default charset), which the launcher reads as latin1.
    minifyWhitespace: true,
    minifySyntax: true,
    // The file is the CommonJS wrapper function itself (what Module.wrap would make of it):
    // the launcher compiles the text as read, and V8 keeps that one string for lazy
    // compilation instead of a wrapped copy beside it (4.7 MB).
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '\n})' },
    plugins: [precompiledValidators, reflectionProtos],
    logLevel: 'warning',
  });
} finally {
  rmSync(validatorsDir, { recursive: true, force: true });
}
for (const version of ['v1', 'v1alpha']) {
  mkdirSync(join(outdir, 'grpc-reflection-proto', version), { recursive: true });
  copyFileSync(
    join('node_modules', '@grpc', 'reflection', 'build', 'proto', 'grpc', 'reflection', version, 'reflection.proto'),
    join(outdir, 'grpc-reflection-proto', version, 'reflection.proto'),
  );
}
copyFileSync('scripts/build/bundle-launcher.mjs', join(outdir, 'main.mjs'));
execFileSync(process.execPath, ['scripts/build/warm-code-cache.mjs', outdir], { stdio: 'inherit' });
