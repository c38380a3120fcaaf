// The bundle's entry (copied to dist/bundle/main.mjs by scripts/bundle.mjs). It runs
// server.cjs as a vm.Script with the V8 code cache beside it (server.cjs.v8-cache), made by
// scripts/build/warm-code-cache.mjs after a start and a first inference: every function those
// ran is deserialized instead of compiled, so a cold start and its first request compile
// almost nothing. V8 checks the cache against the source, its version and its flags, and
// compiles normally when they differ (another Node, an edited bundle). With
// WRITE_CODE_CACHE=<file> (the build only), SIGUSR2 writes the code compiled so far there.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const serverFile = fileURLToPath(new URL('server.cjs', import.meta.url));
const cacheFile = `${serverFile}.v8-cache`;
// latin1: the bundle is ASCII, and a one-byte string is half the memory of a two-byte one.
// server.cjs is already the CommonJS wrapper function (scripts/bundle.mjs), so this string is
// the one V8 keeps for lazy compilation: no wrapped copy of 4.7 MB beside it.
const source = readFileSync(serverFile, 'latin1');
const script = new vm.Script(source, {
  filename: serverFile,
  ...(existsSync(cacheFile) ? { cachedData: readFileSync(cacheFile) } : {}),
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const cacheTarget = process.env.WRITE_CODE_CACHE;
if (cacheTarget) {
  process.on('SIGUSR2', () => {
    writeFileSync(cacheTarget, script.createCachedData());
    process.stderr.write(`code cache written to ${cacheTarget}\n`);
  });
}
const module = { exports: {} };
script.runInThisContext().call(module.exports, module.exports, createRequire(serverFile), module, serverFile, dirname(serverFile));
