/**
 * @module security/detectors/concept-sequences
 * Language-independent injection rules over word tokens: an override verb followed (through
 * filler words only) by an instruction noun, or a reveal verb followed by a secret. Lexicon
 * words match exactly or, for words of six letters or more, within one edit (typos such as
 * "ingore" or "instrucitons"), using deletion neighbourhoods so lookup stays O(word length).
 */
import { LEXICON, type Concept } from './injection-lexicon.js';

const NON_ASCII = /[\u0080-\uFFFF]/;
const ASCII_TOKEN = /[a-z0-9]+/g;

/** Lower case, no diacritics, letters and digits only, split into words. */
export function toTokens(text: string): string[] {
  // ASCII has no marks and is its own NFD form: the same tokens, without the Unicode passes.
  // Its maximal runs of [a-z0-9] are the pieces a split on [^a-z0-9]+ leaves, found without the empty ones.
  if (!NON_ASCII.test(text)) return text.toLowerCase().match(ASCII_TOKEN) ?? [];
  return text
    .normalize('NFD')
    .replaceAll(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

interface Entry {
  readonly tokens: readonly string[];
  readonly concepts: ReadonlySet<Concept>;
}

const FUZZY_MIN_LENGTH = 6;
const FUZZY_CONCEPTS: ReadonlySet<Concept> = new Set(['override', 'directive']);

function deletions(word: string): string[] {
  return Array.from({ length: word.length }, (_, index) => word.slice(0, index) + word.slice(index + 1));
}

function buildIndex() {
  const exact = new Map<string, Entry[]>();
  const fuzzy = new Map<string, Set<Concept>>();
  const byPhrase = new Map<string, Set<Concept>>();
  for (const [concept, words] of Object.entries(LEXICON) as [Concept, readonly string[]][]) {
    for (const word of words) {
      const key = toTokens(word).join(' ');
      byPhrase.set(key, (byPhrase.get(key) ?? new Set()).add(concept));
    }
  }
  for (const [phrase, concepts] of byPhrase) {
    const tokens = phrase.split(' ');
    const first = tokens[0] as string;
    exact.set(first, [...(exact.get(first) ?? []), { tokens, concepts }]);
    if (tokens.length === 1 && first.length >= FUZZY_MIN_LENGTH && [...concepts].some((concept) => FUZZY_CONCEPTS.has(concept))) {
      for (const variant of [first, ...deletions(first)]) {
        const set = fuzzy.get(variant) ?? new Set();
        for (const concept of concepts) if (FUZZY_CONCEPTS.has(concept)) set.add(concept);
        fuzzy.set(variant, set);
      }
    }
  }
  // No token longer than this is within one edit of a lexicon word (or is one).
  const maxTokenLength = Math.max(...[...exact.keys(), ...fuzzy.keys()].map((key) => key.length)) + 1;
  return { exact, fuzzy, maxTokenLength };
}

const INDEX = buildIndex();

interface Match {
  readonly concepts: ReadonlySet<Concept>;
  readonly length: number;
}

const NO_MATCH: Match = { concepts: new Set(), length: 1 };

/** The longest lexicon entry starting at `index`, else a one-edit fuzzy match, else none. */
function matchAt(tokens: readonly string[], index: number): Match {
  const token = tokens[index] as string;
  // Also keeps the fuzzy lookup below bounded: it builds one variant per character.
  if (token.length > INDEX.maxTokenLength) return NO_MATCH;
  const candidates = INDEX.exact.get(token) ?? [];
  let best: Match | undefined;
  for (const entry of candidates) {
    const isMatch = entry.tokens.every((part, offset) => tokens[index + offset] === part);
    if (isMatch && (!best || entry.tokens.length > best.length)) best = { concepts: entry.concepts, length: entry.tokens.length };
  }
  if (best) return best;
  // An inflection of an exact word ("ignored", "forgets") is narration, not a command.
  if (token.length < FUZZY_MIN_LENGTH || INDEX.exact.has(token.slice(0, -1)) || INDEX.exact.has(token.slice(0, -2))) return NO_MATCH;
  const concepts = new Set<Concept>();
  for (const variant of [token, ...deletions(token)]) for (const concept of INDEX.fuzzy.get(variant) ?? []) concepts.add(concept);
  return concepts.size > 0 ? { concepts, length: 1 } : NO_MATCH;
}

/** Whether `from` is followed, through at most `maxGap` tokens of `filler`, by a `target` concept. */
function followedBy(matches: readonly Match[], from: number, filler: Concept, target: Concept, maxGap: number): boolean {
  let gap = 0;
  for (let index = from + 1; index < matches.length && gap <= maxGap; index++) {
    const match = matches[index] as Match;
    if (match.concepts.has(target)) return true;
    if (!match.concepts.has(filler)) return false;
    gap++;
  }
  return false;
}

/**
 * Finds the sequence-rule signals of some texts, each read on its own (no rule spans two);
 * returned by `createConceptMatcher`.
 */
export type ConceptMatcher = (texts: readonly string[]) => Map<string, number>;

/**
 * Creates a matcher that remembers each distinct token's lexicon match (transcripts repeat
 * their words, so most lookups become one Map hit). The memory is bounded.
 */
export function createConceptMatcher({ maxCachedTokens = 50_000 }: { readonly maxCachedTokens?: number } = {}): ConceptMatcher {
  const cache = new Map<string, Match>();
  const cachedMatchAt = (tokens: readonly string[], index: number): Match => {
    const token = tokens[index] as string;
    const cached = cache.get(token);
    // Only single-token results are cacheable: a multi-word entry depends on the next tokens.
    if (cached) return cached;
    const match = matchAt(tokens, index);
    if (match.length === 1 && token.length <= INDEX.maxTokenLength && !INDEX.exact.get(token)?.some((entry) => entry.tokens.length > 1)) {
      if (cache.size >= maxCachedTokens) cache.clear();
      // A copy: a token sliced from a long text would keep that whole text alive in the cache.
      cache.set([...token].join(''), match);
    }
    return match;
  };
  return function matchConcepts(texts) {
    const matches: Match[] = [];
    for (const text of texts) {
      // A match with no concept ends every rule: nothing runs from one text into the next.
      if (matches.length > 0) matches.push(NO_MATCH);
      const tokens = toTokens(text);
      for (let index = 0; index < tokens.length;) {
        const match = cachedMatchAt(tokens, index);
        matches.push(match);
        index += match.length;
      }
    }
    const signals = new Map<string, number>();
    matches.forEach((match, index) => {
      if (match.concepts.has('override')) {
        if (followedBy(matches, index, 'filler', 'directive', 4)) signals.set('override_instructions', 1);
        else if (followedBy(matches, index, 'filler', 'soft_directive', 4))
          signals.set('override_rules', Math.max(signals.get('override_rules') ?? 0, 0.6));
      }
      if (match.concepts.has('reveal') && followedBy(matches, index, 'reveal_filler', 'secret', 4)) signals.set('prompt_exfiltration', 1);
    });
    return signals;
  };
}
