/**
 * Runs the fake Kubernetes API server by hand (for trying the CLIs as the README shows them):
 * `npx tsx test/deploy/run-fake-api-server.ts KUBECONFIG_PATH [--hold-reads N]` writes a
 * kubeconfig for it and serves until interrupted.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startFakeApiServer } from './fake-api-server.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'hold-reads': { type: 'string', default: '0' } } });
const path = positionals[0];
if (!path) {
  process.stderr.write('usage: run-fake-api-server.ts KUBECONFIG_PATH [--hold-reads N]\n');
  process.exit(2);
}
const fake = await startFakeApiServer({ namespaces: ['default', 'podcast-pipeline', 'podcast-pipeline-dev'] });
fake.holdNewRevisions(Number(values['hold-reads']));
writeFileSync(path, fake.kubeconfig());
process.stderr.write(`fake Kubernetes API on ${fake.url}; kubeconfig in ${path}\n`);
