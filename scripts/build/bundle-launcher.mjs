// The bundle's entry (copied to dist/bundle/main.mjs by scripts/bundle.mjs). It turns on
// Node's compile cache in .compile-cache beside it before the server bundle loads, so V8
// reuses the code compiled when the image was built (scripts/build/warm-compile-cache.mjs)
// instead of compiling 3 MB of JavaScript on every cold start. Portable: the cache holds
// paths relative to its directory, so the bundle may move. Where the directory is not
// writable (the image's read-only root) the cache is only read; Node reports no error.
import { enableCompileCache } from 'node:module';

enableCompileCache({ directory: new URL('.compile-cache', import.meta.url).pathname, portable: true });
await import('./server.mjs');
