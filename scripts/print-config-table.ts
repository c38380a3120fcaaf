/**
 * @module scripts/print-config-table
 * Prints the configuration table of the README (markdown) from the section declarations,
 * so the documentation cannot drift from the code. `npm run config:docs`.
 */
import { CONFIG_SECTIONS_BY_NAME } from '../predictor/config/config-schema.js';

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** Markdown table of every setting: env var, flag, default, meaning. */
export function renderConfigTable(): string {
  const rows = ['| Env var | Flag | Default | Meaning |', '| --- | --- | --- | --- |'];
  for (const section of Object.values(CONFIG_SECTIONS_BY_NAME)) {
    for (const field of Object.values(section)) {
      const flag = field.flags?.map((name) => `\`--${name}\``).join(', ') ?? '';
      const fallback = field.schema.default;
      const shown = fallback === undefined ? '' : `\`${typeof fallback === 'string' ? fallback : JSON.stringify(fallback)}\``;
      rows.push(`| \`${field.env ?? ''}\` | ${flag} | ${cell(shown)} | ${cell(field.description)} |`);
    }
  }
  return rows.join('\n');
}

const START = '<!-- CONFIG-TABLE:START -->';
const END = '<!-- CONFIG-TABLE:END -->';

/** `markdown` with the text between the config-table markers replaced by the current table. */
export function withConfigTable(markdown: string): string {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start < 0 || end < start) throw new Error(`no ${START} … ${END} markers`);
  return `${markdown.slice(0, start + START.length)}\n${renderConfigTable()}\n${markdown.slice(end)}`;
}

// `npm run config:docs` prints the table; `npm run config:docs -- --write README.md` updates it in place.
if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2] === '--write' ? process.argv[3] : undefined;
  if (target === undefined) {
    process.stdout.write(`${renderConfigTable()}\n`);
  } else {
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(target, withConfigTable(readFileSync(target, 'utf8')));
  }
}
