/**
 * @module config/exit-on-unsupported-node
 * Imported first by main.ts for its effect: on a Node.js other than the supported major it
 * prints one line and exits 1. It runs when it is imported, not when main() runs, because
 * ES modules evaluate their imports before their body: a check inside main() would come
 * after express, the OpenTelemetry API, prom-client and the rest had already loaded (and
 * whatever they fail with on an old Node would be the message).
 */
import { unsupportedNodeMessage } from './node-version.js';

const message = unsupportedNodeMessage(process.version);
if (message !== undefined) {
  process.stderr.write(`${message}\n`);
  // eslint-disable-next-line no-restricted-syntax -- must stop before main.ts's other imports evaluate (see above)
  process.exit(1);
}
