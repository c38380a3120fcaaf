import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { withConfigTable } from '../scripts/print-config-table.js';

describe('README.md', () => {
  it('documents every setting exactly as declared (refresh: npm run config:docs -- --write README.md)', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    expect(withConfigTable(readme) === readme, 'the configuration table is out of date').to.equal(true);
  });

  it('gives exactly the two commands of the quick start', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).to.contain('npm ci && npm start');
    expect(readme).to.match(/^npm test$/m);
  });
});
