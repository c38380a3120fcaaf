/**
 * @module security/redact
 * Removes secrets from text before it is logged or shown: known secret values (config
 * secrets, in raw, JSON-escaped and URL-encoded form), bearer/basic credentials, Google API
 * keys, JWT-shaped tokens, credentials in URLs, and values of credential-named fields and
 * headers. The result stays valid JSON when the input was (the logger redacts JSON lines).
 */

export const REDACTED = '[REDACTED]';

/** Shortest configured secret that is replaced verbatim; shorter ones would redact ordinary words. */
const MIN_SECRET_LENGTH = 6;

const CREDENTIAL_NAMES = String.raw`x-api-key|api[_-]?key|apikey|password|passwd|client[_-]?secret|secret|access[_-]?token|refresh[_-]?token|id[_-]?token|token`;

const PATTERNS: readonly (readonly [RegExp, string])[] = [
  // JSON fields named like credentials, whatever the value.
  [new RegExp(String.raw`("(?:authorization|${CREDENTIAL_NAMES})"\s*:\s*)"(?:[^"\\]|\\.)*"`, 'gi'), `$1"${REDACTED}"`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/AIza[0-9A-Za-z_-]{35}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // user:password@ in connection URLs (redis://, https://, ...).
  [/\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s"]*):[^@/\s"]+@/gi, `$1:${REDACTED}@`],
  // Header and query forms: `x-api-key: value`, `api_key=value`.
  [new RegExp(String.raw`\b(${CREDENTIAL_NAMES})(\s*[:=]\s*)(?!\[REDACTED\])[^\s,;&"'\\]+`, 'gi'), `$1$2${REDACTED}`],
];

function escapeRegExp(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
}

function secretVariants(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
}

/**
 * Creates a redactor for the given secret values (e.g. `secretValues(config)`).
 * @example const redact = createRedactor({ secrets: secretValues(config) }); createLogger({ level, redact });
 */
export function createRedactor({ secrets = [] }: { readonly secrets?: readonly string[] } = {}): (text: string) => string {
  const variants = [...new Set(secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH).flatMap(secretVariants))]
    // Longest first, so a secret containing another is replaced whole.
    .sort((left, right) => right.length - left.length)
    .map(escapeRegExp);
  const secretPattern = variants.length > 0 ? new RegExp(variants.join('|'), 'g') : undefined;
  return function redact(text) {
    let result = secretPattern ? text.replace(secretPattern, REDACTED) : text;
    for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
    return result;
  };
}
