/**
 * @module scripts/deploy/deploy-cli
 * The `npm run deploy` process: runs deploy-program on argv with the real streams, env and
 * clock, and sets the exit code (0 done, 1 failed, 2 usage).
 */
import { deployProgram } from './deploy-program.js';

process.exitCode = await deployProgram(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stderr.isTTY === true,
  now: () => Date.now(),
  sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
});
