/**
 * @module scripts/bench/doc-section
 * Writes one `## ` section of a markdown file: replaces the section with that heading (up
 * to the next `## ` heading) when present, appends it otherwise, and leaves every other
 * section as it is. The file is read just before writing, as other benchmarks edit it too.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export function writeDocSection({ path, heading, body }: { readonly path: string; readonly heading: string; readonly body: string }): void {
  const text = readFileSync(path, 'utf8');
  const section = `## ${heading}\n\n${body.trim()}\n`;
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start < 0) {
    writeFileSync(path, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const next = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  const before = lines.slice(0, start).join('\n');
  const after = next < 0 ? '' : `\n${lines.slice(next).join('\n')}`;
  writeFileSync(path, `${before}${before === '' ? '' : '\n'}${section}${after}`);
}
