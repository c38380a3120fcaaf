/**
 * @module test/component/support/whole-app-fixtures
 * What several whole-app tests need around composeTestApp: an API keys file holding the
 * SHA-256 of each test key, and the count of upstream LLM calls read back from /metrics.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestApplication } from './compose-test-app.js';

export interface TestApiKey {
  readonly id: string;
  /** The plain key a test sends in `x-api-key`; the file holds only its SHA-256. */
  readonly key: string;
  readonly roles: readonly string[];
  readonly revoked?: boolean;
}

/** Writes `keys.yaml` into `directory` and returns its path (for API_KEYS_FILE). */
export async function writeApiKeysFile(directory: string, keys: readonly TestApiKey[]): Promise<string> {
  const path = join(directory, 'keys.yaml');
  const lines = keys.map(({ id, key, roles, revoked }) => {
    const sha256 = createHash('sha256').update(key).digest('hex');
    return `  - { id: ${id}, sha256: ${sha256}, roles: [${roles.join(', ')}]${revoked ? ', revoked: true' : ''} }\n`;
  });
  await writeFile(path, `keys:\n${lines.join('')}`);
  return path;
}

/** Upstream LLM attempts so far: the sum of every `llm_calls_total` series on /metrics. */
export async function upstreamCalls(app: TestApplication): Promise<number> {
  const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
  return [...text.matchAll(/^llm_calls_total\{[^}]*\} (\d+)$/gm)].reduce((total, match) => total + Number(match[1]), 0);
}
