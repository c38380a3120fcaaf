// Bundles the predictor into dist/bundle/ for the container image: one ESM entry with code
// splitting, so modules behind a dynamic import (ioredis with REDIS_URL, the OpenTelemetry
// SDK with OTEL_TRACES_EXPORTER=otlp) become chunks that a default start never parses.
// Cold start is dominated by resolving and compiling hundreds of small modules; one file
// removes most of that (numbers in docs/benchmarks.md).
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'predictor/main.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  outdir: process.argv[2] ?? 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  sourcemap: 'linked',
  // Smaller source is faster to read and compile; identifiers are kept (error names, logs).
  minifyWhitespace: true,
  minifySyntax: true,
  // CommonJS dependencies call require() for Node built-ins; ESM has no require of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // @grpc/reflection reads its own .proto files next to its modules at run time; it loads
  // from node_modules (which the image keeps) rather than from the bundle.
  external: ['@grpc/reflection'],
  logLevel: 'warning',
});
