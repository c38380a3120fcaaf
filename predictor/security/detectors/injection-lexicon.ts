/**
 * @module security/detectors/injection-lexicon
 * Concept word lists for the sequence rules of the injection detector, in the languages a
 * podcast transcript is likely to come in. Words are lower case without diacritics (the
 * token view strips them); multi-word entries are matched as token runs.
 */

/** Concepts a token can belong to. */
export type Concept = 'override' | 'directive' | 'soft_directive' | 'filler' | 'reveal' | 'reveal_filler' | 'secret';

const OVERRIDE = [
  // en
  'ignore', 'disregard', 'forget', 'override', 'bypass', 'discard', 'neglect', 'supersede', 'supersedes', 'overrule',
  // fr es it pt
  'ignorez', 'ignorer', 'oublie', 'oubliez', 'oublier', 'ignora', 'ignorar', 'ignore', 'olvida', 'olvidar', 'olvide', 'dimentica', 'dimenticare', 'esqueca', 'esquecer', 'desconsidere',
  // de nl sv da no
  'ignoriere', 'ignorieren', 'vergiss', 'vergessen', 'missachte', 'negeer', 'vergeet', 'ignorera', 'glom', 'ignorer', 'glem',
  // pl cs tr id ms vi ro hu fi
  'zignoruj', 'ignoruj', 'zapomnij', 'zapomen', 'yok say', 'yoksay', 'unut', 'abaikan', 'lupakan', 'bo qua', 'quen', 'ignora', 'ignoralj', 'unohda',
  // el he ru uk ar hi
  'αγνοησε', 'αγνοηστε', 'ξεχασε', 'התעלם', 'התעלמי', 'שכח', 'игнорируй', 'игнорируйте', 'забудь', 'забудьте', 'ігноруй', 'забудь', 'تجاهل', 'انس', 'अनदेखा',
];

const DIRECTIVE = [
  'instruction', 'instructions', 'prompt', 'prompts', 'directions', 'directives', 'programming', 'system prompt',
  'consignes', 'instrucciones', 'indicaciones', 'istruzioni', 'instrucoes', 'anweisungen', 'instruktionen', 'vorgaben',
  'instructies', 'instruktioner', 'instruksjoner', 'instrukser', 'instrukcje', 'pokyny', 'talimatlari', 'talimatları', 'talimatlar',
  'instruksi', 'arahan', 'huong dan', 'chi dan', 'instructiunile', 'utasitasokat', 'ohjeet', 'οδηγιες', 'εντολες',
  'ההוראות', 'הוראות', 'ההנחיות', 'инструкции', 'указания', 'інструкції', 'التعليمات', 'الأوامر', 'निर्देश', 'निर्देशों',
];

/** Directive-like nouns that also occur in ordinary speech: weaker on their own. */
const SOFT_DIRECTIVE = [
  'guidance', 'rules', 'guidelines', 'commands', 'orders', 'context', 'transcript', 'content', 'everything you were told', 'what you were told',
];

/** Words allowed between an override verb and its object ("ignore all of the previous …"). */
const FILLER = [
  'all', 'any', 'every', 'of', 'the', 'these', 'those', 'your', 'my', 'previous', 'prior', 'above', 'earlier', 'preceding',
  'foregoing', 'original', 'initial', 'system', 'former', 'old', 'existing', 'current', 'please', 'now', 'just',
  'podcast', 'episode', 'show', 'entire', 'whole', 'its', 'his', 'her', 'their', 'our', 'single', 'formatting', 'safety',
  'usted', 'sie', 'du', 'vous', 'tu', 'ihre', 'sus', 'vos', 'tes',
  'toutes', 'tous', 'les', 'tes', 'vos', 'precedentes', 'todas', 'las', 'tus', 'sus', 'anteriores', 'previas', 'tutte', 'le',
  'precedenti', 'as', 'alle', 'die', 'deine', 'vorherigen', 'bisherigen', 'obigen', 'vorigen', 'eerdere', 'vorige', 'voorgaande',
  'tidigare', 'alla', 'dina', 'wszystkie', 'poprzednie', 'tum', 'onceki', 'semua', 'sebelumnya', 'moi', 'tat ca', 'cac', 'truoc do',
  'ολες', 'τις', 'τα', 'προηγουμενες', 'מכל', 'כל', 'הקודמות', 'все', 'предыдущие', 'свои', 'твои', 'جميع', 'السابقة', 'पिछले', 'सभी',
];

const REVEAL = ['reveal', 'print', 'show', 'output', 'repeat', 'display', 'leak', 'dump', 'list', 'share', 'send', 'include', 'tell', 'expose', 'write'];
// Only objects that are secret in any context ("the secrets of good bread" must not count).
const SECRET = [
  'system prompt', 'hidden instructions', 'initial instructions', 'original instructions', 'api key', 'api keys',
  'access token', 'access tokens', 'credentials', 'passwords', 'environment variables', 'context window',
];

/** Words allowed between a reveal verb and its object ("list any of your api keys"). */
const REVEAL_FILLER = ['me', 'us', 'any', 'all', 'the', 'your', 'of', 'full', 'entire', 'exact', 'contents', 'every'];

export const LEXICON: Readonly<Record<Concept, readonly string[]>> = {
  override: OVERRIDE,
  directive: DIRECTIVE,
  soft_directive: SOFT_DIRECTIVE,
  filler: FILLER,
  reveal: REVEAL,
  reveal_filler: REVEAL_FILLER,
  secret: SECRET,
};
