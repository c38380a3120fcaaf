/**
 * @module pipeline/markdown-escape
 * Makes untrusted text (episode fields, model output) inert in a markdown report: no raw
 * HTML, no links or emphasis it did not ask for, no breaking out of a table cell or list.
 */

// HTML is neutralised as entities; CommonMark lets any ASCII punctuation be backslash-escaped,
// and these characters start inline syntax. One pass over the text does both.
const REPLACEMENTS: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const SPECIAL = /[&<>\\`*_[\]|~]/g;
// Syntax that only matters at the start of a line: headings, quotes, lists, setext rules.
const BLOCK_START = /^[#>+=-]/;
const ORDERED_LIST_START = /^(\d+)([.)])/;
// Every whitespace run to one space; a lone space is one already, so it is not matched.
const WHITESPACE_RUN = /\s{2,}|[^\S ]/g;

/** Escapes `text` for use inline (a paragraph, list item or table cell); newlines become spaces. */
export function escapeMarkdown(text: string): string {
  return text
    .replaceAll(WHITESPACE_RUN, ' ')
    .trim()
    .replaceAll(SPECIAL, (character) => REPLACEMENTS[character] ?? `\\${character}`)
    .replace(BLOCK_START, (start) => `\\${start}`)
    .replace(ORDERED_LIST_START, '$1\\$2');
}

/** A markdown link to an http(s) URL, or just the escaped label for any other scheme. */
export function markdownLink(label: string, uri: string): string {
  if (!/^https?:\/\//i.test(uri)) return escapeMarkdown(label);
  const safeUri = uri.replaceAll(/[\s()<>"]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${escapeMarkdown(label)}](${safeUri})`;
}

/** The host of a URL for a link label, or the URL itself when it does not parse. */
export function hostOf(uri: string): string {
  try {
    return new URL(uri).host || uri;
  } catch {
    return uri;
  }
}

/** Untrusted text as an inline code span (backticks removed, whitespace collapsed). */
export function codeSpan(text: string): string {
  const inner = text.replaceAll('`', '').replaceAll(WHITESPACE_RUN, ' ').trim();
  return inner ? `\`${inner}\`` : '';
}
