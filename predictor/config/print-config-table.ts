/**
 * @module config/print-config-table
 * Prints the configuration table of the README (markdown) from the section declarations,
 * so the documentation cannot drift from the code. `npm run config:docs`.
 */
import type { ConfigSection } from './config-field.js';
import { CONFIG_SECTIONS } from './config-schema.js';

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** Markdown table of every setting: env var, flag, default, meaning. */
export function renderConfigTable(): string {
  const rows = ['| Env var | Flag | Default | Meaning |', '| --- | --- | --- | --- |'];
  for (const section of Object.values(CONFIG_SECTIONS)) {
    for (const field of Object.values(section as ConfigSection)) {
      const flag = field.flags?.map((name) => `\`--${name}\``).join(', ') ?? '';
      const fallback = field.schema.default;
      const shown = fallback === undefined ? '' : `\`${typeof fallback === 'string' ? fallback : JSON.stringify(fallback)}\``;
      rows.push(`| \`${field.env ?? ''}\` | ${flag} | ${cell(shown)} | ${cell(field.description)} |`);
    }
  }
  return rows.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${renderConfigTable()}\n`);
}
