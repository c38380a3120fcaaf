/**
 * @module test/support/reference-injection-detector/injection-patterns
 * FROZEN copy of predictor/security/detectors at commit 5070230 (before the cost work of issue 11): the
 * reference that test/security/detectors/injection-equivalence.test.ts holds the product to. Never edit.
 * The signals of a prompt injection, each with a weight: strong signals (weight 1) flag a
 * text alone; weak ones (0.5) only together. Patterns are written against the detection
 * views (lower case; `latin` = deobfuscated Latin words, `squashed` = letters only).
 * Wording that also occurs in ordinary speech ("you are now listening to…") is weak on
 * purpose; see test/fixtures/guardrails for the benign corpus that keeps this honest.
 *
 * Every pattern is linear in the text: quantifiers are bounded or run over a class the next
 * token cannot start with, so no region is rescanned from many starting points. Every match
 * spans at most `MAX_SIGNAL_SPAN_CHARS` characters of its view, which lets the detector match
 * a long text window by window.
 */
import type { DetectionView } from './detection-views.js';

/** What a signal matches with: a regex, or a function where no linear regex says it. */
export interface TextPattern {
  test(text: string): boolean;
}

export interface InjectionSignal {
  /** Bounded id, used in findings, logs and tests. */
  readonly id: string;
  readonly weight: number;
  readonly views: readonly DetectionView['kind'][];
  readonly pattern: TextPattern;
  /** Anchored at the start of the text (`^`): only tried on views that start there. */
  readonly isAnchored?: boolean;
}

/** Longest span of any match (the bounded gaps of `role_label` and `hidden_markup`); scan windows overlap by more. */
export const MAX_SIGNAL_SPAN_CHARS = 2100;

const LATIN: DetectionView['kind'][] = ['plain', 'latin'];
const PLAIN: DetectionView['kind'][] = ['plain'];

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * A URL whose address, or the 40 characters after it, holds an output word ("summary",
 * "takeaways"): what `https?:\/\/\S+.{0,40}\b(?:summary|…)\b` says, without that regex's
 * backtracking (quadratic on a long run of URLs). For each output word only the latest URL
 * before it needs checking, and each run of non-space characters is measured once.
 */
const URL_THEN_OUTPUT_WORD: TextPattern = {
  test(text) {
    const urls = /\bhttps?:\/\//g;
    const words = /\b(?:summary|takeaways?|overview|key\s+discussion)\b/g;
    const nonSpaceRun = /\S*/y;
    let url = urls.exec(text);
    let addressStart = -1;
    let runEnd = -1;
    for (let word = words.exec(text); word !== null; word = words.exec(text)) {
      while (url !== null && url.index + url[0].length < word.index) {
        addressStart = url.index + url[0].length;
        if (addressStart >= runEnd) {
          nonSpaceRun.lastIndex = addressStart;
          nonSpaceRun.exec(text);
          runEnd = nonSpaceRun.lastIndex;
        }
        url = urls.exec(text);
      }
      if (addressStart < 0 || runEnd <= addressStart) continue;
      if (word.index <= runEnd || (word.index - runEnd <= 40 && !LINE_TERMINATOR.test(text.slice(runEnd, word.index)))) return true;
    }
    return false;
  },
};

const HIDDEN_MARKUP_SPAN_CHARS = 2000;

/** An HTML comment (`<!--` … `-->`) of at most 2,000 characters, found with one forward pass over each delimiter. */
const HTML_COMMENT: TextPattern = {
  test(text) {
    let open = text.indexOf('<!--');
    let latestOpen = -1;
    for (let close = open < 0 ? -1 : text.indexOf('-->', open + 4); close >= 0; close = text.indexOf('-->', close + 1)) {
      while (open >= 0 && open + 4 <= close) {
        latestOpen = open;
        open = text.indexOf('<!--', open + 1);
      }
      if (latestOpen >= 0 && close - latestOpen <= HIDDEN_MARKUP_SPAN_CHARS) return true;
    }
    return false;
  },
};

const OVERRIDE_VERB = String.raw`(?:ignore|disregard|forget|override|bypass|discard|neglect|skip)`;
const QUALIFIED = String.raw`(?:(?:all|any|every|of|the|these|those|your|my|previous|prior|above|earlier|preceding|foregoing|original|initial|system|former|old)\s+){0,3}(?:previous|prior|above|earlier|preceding|foregoing|original|initial|system|your|all)`;
const DIRECTIVES = String.raw`(?:instructions?|prompts?|directions?|directives?|guidelines|programming|system\s+messages?)`;
const MODEL_NAMES = String.raw`(?:ai|a\.i\.|llms?|language\s+models?|chatbots?|assistants?|models?|agents?|gemini|chatgpt|gpt(?:-?\d+)?|claude|bots?|summari[sz]ers?|summari[sz]ation\s+tool|fact[- ]?checkers?)`;

export const INJECTION_SIGNALS: readonly InjectionSignal[] = [
  // Strong: overriding the instructions, in English and other languages.
  {
    id: 'override_instructions',
    weight: 1,
    views: LATIN,
    pattern: new RegExp(String.raw`\b${OVERRIDE_VERB}\s+${QUALIFIED}\s+${DIRECTIVES}\b`),
  },
  {
    id: 'override_instructions',
    weight: 1,
    views: LATIN,
    pattern: new RegExp(
      String.raw`\b(?:${OVERRIDE_VERB}|set\s+aside)\s+(?:the|your|these|all)\s+${DIRECTIVES}\s+(?:you\s+(?:were|have\s+been)\s+given|given\s+(?:to\s+you|earlier|before)|above|so\s+far)`,
    ),
  },
  {
    id: 'override_instructions',
    weight: 1,
    views: LATIN,
    pattern: /\bforget\s+(?:everything|all)\s+(?:you\s+(?:were|have\s+been)\s+told|above|before\s+this)/,
  },
  {
    id: 'override_rules',
    weight: 0.6,
    views: LATIN,
    pattern: new RegExp(String.raw`\b${OVERRIDE_VERB}\s+${QUALIFIED}\s+(?:rules|commands|context|orders)\b`),
  },
  {
    id: 'override_instructions',
    weight: 1,
    views: LATIN,
    pattern: new RegExp(
      String.raw`\b${DIRECTIVES}\s+(?:are|is|have\s+been|has\s+been)\s+(?:now\s+)?(?:cancell?ed|void|revoked|obsolete|lifted|no\s+longer\s+(?:valid|in\s+effect|apply))`,
    ),
  },
  {
    id: 'override_instructions',
    weight: 1,
    views: LATIN,
    pattern: new RegExp(
      String.raw`\b(?:instructed|told|ordered)\s+to\s+${OVERRIDE_VERB}\s+(?:its|your|their|all|the)\s+(?:\w+\s+)?${DIRECTIVES}`,
    ),
  },
  {
    id: 'override_instructions_multilingual',
    weight: 1,
    views: PLAIN,
    pattern: /\bne\s+tiens?\s+plus\s+compte\s+des\s+instructions|\bno\s+(?:hagas|haga)\s+caso\s+(?:a|de)\s+las\s+instrucciones/,
  },
  {
    id: 'override_instructions',
    weight: 1,
    views: ['squashed'],
    pattern: /(?:ignore|disregard|forget)(?:all|any|the|your)?(?:previous|prior|above|earlier)(?:instructions|directions|prompts?)/,
  },
  {
    id: 'override_instructions_multilingual',
    weight: 1,
    views: PLAIN,
    pattern: /\b(?:ignore[rz]?|oublie[rz]?)\s+(?:toutes\s+les\s+instructions|les\s+instructions\s+(?:précédentes|ci-dessus|antérieures))/,
  },
  {
    id: 'override_instructions_multilingual',
    weight: 1,
    views: PLAIN,
    pattern: /\b(?:ignora(?:r)?|olvida(?:r)?)\s+(?:todas\s+las\s+instrucciones|las\s+instrucciones\s+(?:anteriores|previas))/,
  },
  {
    id: 'override_instructions_multilingual',
    weight: 1,
    views: PLAIN,
    pattern:
      /\b(?:ignorier(?:e|en)?|vergiss)\s+(?:alle\s+(?:\S+\s+)?|die\s+(?:vorherigen|bisherigen|obigen|vorigen)\s+)(?:anweisungen|instruktionen|befehle)/,
  },
  {
    id: 'override_instructions_multilingual',
    weight: 1,
    views: PLAIN,
    pattern: /\b(?:ignora|dimentica)\s+(?:tutte\s+le\s+istruzioni|le\s+istruzioni\s+precedenti)/,
  },
  {
    id: 'override_instructions_multilingual',
    weight: 1,
    views: PLAIN,
    pattern: /\b(?:ignore|esqueça)\s+(?:todas\s+as\s+instruções|as\s+instruções\s+anteriores)/,
  },
  {
    id: 'override_instructions_multilingual',
    weight: 1,
    views: PLAIN,
    pattern: /\b(?:negeer|vergeet)\s+(?:alle\s+)?(?:vorige|eerdere|voorgaande)\s+instructies/,
  },
  {
    id: 'override_instructions_multilingual',
    weight: 1,
    views: PLAIN,
    pattern: /\b(?:zignoruj|zapomnij)\s+(?:wszystkie\s+)?(?:poprzednie|wcześniejsze)\s+instrukcje/,
  },
  {
    id: 'override_instructions_multilingual',
    weight: 1,
    views: PLAIN,
    pattern: /önceki\s+(?:tüm\s+)?talimatları\s+(?:yok\s+say|görmezden\s+gel|unut)/,
  },
  {
    id: 'override_instructions_multilingual',
    weight: 1,
    views: PLAIN,
    pattern: /(?:игнорируй(?:те)?|забудь(?:те)?)\s+(?:все\s+)?(?:(?:предыдущие|прошлые|прежние)\s*)?(?:инструкции|указания)/,
  },
  {
    id: 'override_instructions_multilingual',
    weight: 1,
    views: PLAIN,
    pattern: /(?:忽略|无视|忽视|忘记|忘掉).{0,8}(?:指令|指示|提示词|说明)/,
  },
  { id: 'override_instructions_multilingual', weight: 1, views: PLAIN, pattern: /(?:指示|命令|プロンプト).{0,8}(?:無視|忘れ)/ },
  { id: 'override_instructions_multilingual', weight: 1, views: PLAIN, pattern: /(?:지시|명령|지침|프롬프트).{0,8}무시/ },
  { id: 'override_instructions_multilingual', weight: 1, views: PLAIN, pattern: /تجاهل.{0,20}(?:التعليمات|الأوامر|الإرشادات)/ },
  { id: 'override_instructions_multilingual', weight: 1, views: PLAIN, pattern: /(?:निर्देश|निर्देशों).{0,20}(?:अनदेखा|नज़रअंदाज़|नजरअंदाज)/ },
  // Strong: exfiltrating the prompt or secrets.
  {
    id: 'prompt_exfiltration',
    weight: 1,
    views: LATIN,
    pattern:
      /\b(?:reveal|print|show|output|repeat|display|leak|dump|tell\s+me|give\s+me|write\s+out)\s+(?:me\s+)?(?:the\s+contents\s+of\s+)?(?:your|the)\s+(?:(?:full|entire|hidden|secret|original|initial)\s+)?(?:system\s+prompt|hidden\s+instructions|initial\s+(?:instructions|prompt)|original\s+(?:instructions|prompt)|instructions\s+above|prompt\s+above|text\s+above|context\s+window|api\s+keys?)/,
  },
  {
    id: 'prompt_exfiltration',
    weight: 1,
    views: LATIN,
    pattern:
      /\b(?:what\s+(?:are|were)|print|repeat|show|reveal|list|tell\s+me)\b.{0,30}\b(?:instructions|prompt|rules)\s+you\s+(?:were|have\s+been)\s+given/,
  },
  {
    id: 'prompt_exfiltration',
    weight: 1,
    views: LATIN,
    pattern:
      /\b(?:send|forward|post|email|upload)\s+(?:the\s+contents\s+of\s+)?(?:this|the|our|your)\s+(?:conversation|chat|context|prompt|transcript|instructions)\b.{0,60}\bto\s+(?:the\s+|this\s+|my\s+)?(?:email|url|address|server|link|webhook)/,
  },
  {
    id: 'prompt_exfiltration',
    weight: 0.6,
    views: PLAIN,
    pattern:
      /(?:prompt\s+(?:système|del\s+sistema)|systemprompt|系统提示|システムプロンプト|시스템\s*프롬프트|системн[а-яё]{0,6}\s+промпт)/,
  },
  // Strong: chat-template tokens, role tags and our own transcript delimiters.
  {
    id: 'template_token',
    weight: 1,
    views: PLAIN,
    pattern:
      /<\|(?:im_start|im_end|system|assistant|user|endoftext|eot_id|start_header_id)\|>|\[\/?inst\]|<<\/?sys>>|<\/?(?:system|transcript|instructions?)>|\[system\]|<<<transcript|transcript>>>/,
  },
  {
    id: 'template_token',
    weight: 1,
    views: PLAIN,
    pattern:
      /\{\{[^{}]{0,40}\b(?:system|override|admin|instructions?)\b[^{}]{0,40}\}\}|<\/?(?:policy|role|rules?|config|interaction-config|prompt|assistant|user)>/,
  },
  { id: 'template_token', weight: 1, views: PLAIN, pattern: /(?:^|\s)###\s*(?:instruction|system|response)\b/ },
  // Strong: text shaped like the agents' JSON output, trying to close or forge it.
  {
    id: 'output_forgery',
    weight: 1,
    views: PLAIN,
    pattern: /"(?:overview|core_themes|key_discussions|outcomes|takeaways|notable_quotes|topic_tags|claims|verdict|confidence)"\s*:/,
  },
  { id: 'output_forgery', weight: 0.5, views: PLAIN, pattern: /"\s*\}\s*,\s*"/ },
  {
    id: 'output_forgery',
    weight: 0.6,
    views: LATIN,
    pattern:
      /\b(?:add|insert|include|invent|create)\s+(?:a|an|the)\s+(?:notable\s+)?(?:quote|claim|takeaway|key\s+discussion|source)\b|\b(?:summary|takeaways?|overview)\s+(?:includes?|contains?|mentions?)\s+(?:the|this|a)\s+link\b/,
  },
  { id: 'output_forgery', weight: 0.6, views: PLAIN, pattern: /(?:^|\s)(?:system_prompt|system|instructions|assistant)\s*:\s*['"]/ },
  // Weak: talking to the model rather than the listener.
  {
    id: 'addresses_model',
    weight: 0.5,
    views: LATIN,
    pattern: new RegExp(
      String.raw`\b(?:attention|note\s+to|dear|hey|hello|message\s+(?:to|for)|instructions?\s+(?:for|to)|to)\s+(?:the\s+|all\s+|any\s+)?${MODEL_NAMES}(?:\s+${MODEL_NAMES})?\b(?:\s+(?:reading|processing|summari[sz]ing)\s+this)?\s*[:,]`,
    ),
  },
  { id: 'addresses_model', weight: 0.5, views: LATIN, isAnchored: true, pattern: new RegExp(String.raw`^\s*${MODEL_NAMES}\s*[:,]`) },
  {
    id: 'addresses_model',
    weight: 0.5,
    views: LATIN,
    pattern: new RegExp(
      String.raw`\bas\s+the\s+${MODEL_NAMES},\s|\bif\s+you\s+are\s+an?\s+(?:ai|language\s+model|llm)\s+(?:reading|processing)`,
    ),
  },
  {
    id: 'addresses_model',
    weight: 0.5,
    views: LATIN,
    pattern: new RegExp(
      String.raw`\bthe\s+${MODEL_NAMES}\s+(?:must|shall|should|will|is\s+to)\s+(?:(?:now|only|always)\s+|(?:ignore|output|say|respond|write|include|skip|omit|disregard|forget|reveal|print)\b)`,
    ),
  },
  {
    id: 'addresses_model',
    weight: 0.5,
    views: LATIN,
    pattern:
      /\bwho(?:ever)?\s+(?:or\s+whatever\s+)?(?:summari[sz]es|analy[sz]es|processes|reads)\s+this\b|\bif\s+(?:an?\s+)?(?:ai|language\s+model|llm|model|assistant)\s+is\s+(?:reading|processing|summari[sz]ing)\b|\blisten\s+(?:carefully|up),?\s+(?:ai|model|assistant)\b/,
  },
  {
    id: 'addresses_model',
    weight: 0.5,
    views: LATIN,
    pattern:
      /\b(?:ai|llm|language)\s+(?:models?|agents?|assistants?|systems?|tools?)\s+(?:summari[sz]ing|reading|processing|analy[sz]ing)\b|\bfor\s+(?:ai|llm)\s+(?:agents?|models?|assistants?)\b/,
  },
  { id: 'role_label', weight: 0.6, views: LATIN, isAnchored: true, pattern: /^\s*(?:system|assistant|human)\s*:/ },
  // Two role labels of a dialogue, at most 2,000 characters apart.
  { id: 'role_label', weight: 0.6, views: LATIN, pattern: /\b(?:human|assistant)\s*:.{0,2000}\b(?:human|assistant)\s*:/ },
  {
    id: 'boundary_spoofing',
    weight: 0.8,
    views: LATIN,
    pattern:
      /\b(?:begin|end|start)\s+(?:of\s+)?(?:the\s+)?(?:system|user|developer|admin)\s+(?:message|data|input|prompt|instructions?|note)s?\b/,
  },
  {
    id: 'secret_reference',
    weight: 0.7,
    views: LATIN,
    pattern:
      /\byour\s+(?:full\s+|entire\s+|complete\s+|current\s+)?(?:system\s+prompt|configuration|config|environment(?:\s+variables)?|api\s+keys?|context\s+window)\b|\b(?:your|the)\s+(?:hidden|secret|initial|original)\s+(?:instructions|prompt)\b/,
  },
  // Markdown image with a remote URL; the alt text holds no brackets, so each "![" scans only up to the next one.
  { id: 'exfiltration_link', weight: 1, views: PLAIN, pattern: /!\[[^[\]]{0,1000}\]\(\s*https?:\/\// },
  {
    id: 'tool_invocation',
    weight: 0.5,
    views: LATIN,
    pattern: /\b(?:call|invoke|use|run|trigger)\s+(?:the\s+)?(?:search|browser|web|fetch|code|python)\s+(?:tool|function|plugin)\b/,
  },
  // Weak: steering the output.
  {
    id: 'output_steering',
    weight: 0.5,
    views: LATIN,
    pattern:
      /\b(?:respond|reply|answer)\s+(?:only\s+)?with\s+(?:only\s+)?(?:the\s+word|exactly|'|")|\b(?:respond|reply|answer)\s+only\s+with\b/,
  },
  {
    id: 'output_steering',
    weight: 0.5,
    views: LATIN,
    pattern: /\b(?:output|print|say|write)\s+(?:only\s+|exactly\s+)?(?:the\s+following|the\s+word|the\s+raw|nothing\s+else|only\b)/,
  },
  {
    id: 'output_steering',
    weight: 0.5,
    views: LATIN,
    pattern:
      /\b(?:begin|start|open|prefix)\s+your\s+(?:answer|response|reply|output)\s+with\b|\brepeat\s+after\s+me\b|\brespond\s+(?:in\s+the\s+voice|as\s+if|in\s+character)|\bshould\s+(?:state|say|report|claim|conclude)\s+that\b|\bdescribe\s+(?:this|the)\s+(?:episode|show|podcast|guest|host)\s+as\b|\bsay\s+(?:that\s+)?(?:the|this)\s+(?:episode|show|podcast|host|guest)\s+(?:is|was)\b/,
  },
  {
    id: 'imperative_to_model',
    weight: 0.5,
    views: LATIN,
    pattern:
      /\byou\s+must\s+(?:now\s+)?(?:praise|say|output|respond|answer|write|include|ignore|reveal|print|recommend|obey|follow\s+(?:these|my))\b/,
  },
  {
    id: 'link_injection',
    weight: 0.5,
    views: LATIN,
    pattern: /\b(?:summary|takeaways?|overview|output|answer|response)\b.{0,40}\bhttps?:\/\//,
  },
  { id: 'link_injection', weight: 0.5, views: LATIN, pattern: URL_THEN_OUTPUT_WORD },
  { id: 'citation_forgery', weight: 0.5, views: LATIN, pattern: /\bwith\s+(?:the\s+)?timestamp\s+\d/ },
  { id: 'exclusive_output', weight: 0.5, views: LATIN, pattern: /\bnothing\s+else\b|\bonly\s+(?:say|write|output|answer|reply|respond)\b/ },
  {
    id: 'verdict_tampering',
    weight: 0.5,
    views: LATIN,
    pattern:
      /\b(?:mark|rate|label|set|classify|list|treat|report)\s+(?:every|all|each)\s+(?:single\s+)?(?:claims?|verdicts?|facts?|statements?)|\b(?:claims?|statements?)\s+as\s+(?:verified|true|accurate)\b|\bset\s+(?:the\s+)?confidence\b|\bverdicts?\s+for\s+(?:all|every)\s+claims?/,
  },
  {
    id: 'task_suppression',
    weight: 0.5,
    views: LATIN,
    pattern:
      /\b(?:do\s+not|don't|never|stop)\s+(?:summari[sz]\w*|fact[- ]?check\w*|mention\w*|include\s+any|(?:use|run|perform)\s+(?:the\s+)?(?:search|grounding|google)|(?:mark|label|flag)\s+(?:anything|any\s+claims?))\b|\bskip\s+(?:the\s+)?(?:analysis|summary|summari[sz]ing|fact[- ]?check\w*|transcript)\b|\b(?:omit|exclude|leave\s+out)\s+(?:the\s+|any\s+|anything\s+)?(?:second|first|last|negative|critical|criticism|half|part|section)/,
  },
  { id: 'task_suppression', weight: 0.5, views: LATIN, pattern: /\binstead\s+of\s+(?:a\s+|the\s+)?(?:summary|summari[sz]ing)/ },
  {
    id: 'output_targeting',
    weight: 0.5,
    views: LATIN,
    pattern:
      /\b(?:in|into|to|from)\s+(?:the|your|every)\s+(?:summary|json|output|takeaways?)\b|\bwhen\s+generating\s+the\s+(?:json|summary|output)|\ball\s+(?:outputs?|responses?|answers?)\s+must\b/,
  },
  {
    id: 'new_instructions',
    weight: 0.5,
    views: LATIN,
    pattern:
      /\b(?:new|updated|real|actual|true|different)\s+(?:system\s+)?(?:task|instructions?|rules?|objective|role|behaviou?r)\s*:|\byour\s+(?:new\s+|real\s+|actual\s+|true\s+)(?:task|job|role|objective|goal)\s+is\b|\bnew\s+instructions\s+for\b|\byour\s+(?:instructions|rules|task|orders)\s+(?:have|has)\s+(?:changed|been\s+(?:updated|replaced))|\bfollow\s+these\s+new\s+rules\b/,
  },
  {
    id: 'delimiter_spoofing',
    weight: 0.5,
    views: LATIN,
    pattern: /\bend\s+of\s+(?:the\s+)?(?:transcript|document|input|context)\s*[.:!]|\btranscript\s+ends?\s+here\b/,
  },
  // Weak: persona switches and jailbreak vocabulary.
  {
    id: 'persona_switch',
    weight: 0.5,
    views: LATIN,
    pattern:
      /\bfrom\s+now\s+on,?\s+you\b|\byou\s+are\s+now\s+(?:an?\s+|in\s+|free\b|dan\b|my\b|no\s+longer)|\bact\s+as\s+(?:an?|my)\s+(?!team\b)|\bpretend\s+(?:to\s+be|you\s+are|you're)\s+(?:an?\s+)?(?:ai|model|assistant|unrestricted|unfiltered|evil)|\broleplay\s+as\b|\byou\s+have\s+been\s+(?:updated|upgraded|reprogrammed|unlocked|freed|jailbroken)|\byou\s+are\s+no\s+longer\s+an?\b|\byou\s+are\s+now\s+\w+,?\s+an?\s+(?:ai|assistant|model|bot)\b/,
  },
  {
    id: 'jailbreak_vocabulary',
    weight: 0.5,
    views: LATIN,
    pattern:
      /\b(?:unfiltered|unrestricted|uncensored|jailbroken)\s+(?:ai|model|assistant|mode|version)\b|\bjailbreak\s*:|\b(?:no|without\s+any|without)\s+(?:content\s+polic(?:y|ies)|restrictions|filters|rules)\b|\bdo\s+anything\s+now\b|\ban?\s+(?:ai|assistant|model|bot)\s+(?:that|which|who)\s+(?:always|never|can\s+do|has\s+no|ignores)/,
  },
  {
    id: 'jailbreak_vocabulary',
    weight: 0.5,
    views: LATIN,
    pattern: /\b(?:switch|change|enter|go)\s+(?:to|into)\s+(?:maintenance|debug|admin|god|developer|unrestricted|test)\s+mode\b/,
  },
  {
    id: 'jailbreak_vocabulary',
    weight: 0.7,
    views: LATIN,
    pattern: /\bdeveloper\s+mode\s+(?:enabled|activated|on\s*[.:!])|\benable\s+developer\s+mode\b|\byou\s+are\s+(?:now\s+)?dan\b/,
  },
  // Weak: claimed authority over the model.
  { id: 'false_authority', weight: 0.5, views: LATIN, isAnchored: true, pattern: /^\s*(?:admin(?:istrator)?\s+)?override\s*:/ },
  {
    id: 'false_authority',
    weight: 0.5,
    views: LATIN,
    pattern:
      /\b(?:new\s+)?(?:messages?|notices?|instructions?|orders?)\s+(?:is\s+|are\s+)?from\s+(?:your\s+|the\s+)?(?:developers?|creators?|openai|google|anthropic|gemini|system|admin\w*)\b|\b(?:a\s+)?test\s+(?:by|from)\s+your\s+(?:developers?|creators?)|\bsystem\s+override\b/,
  },
  {
    id: 'false_authority',
    weight: 1,
    views: PLAIN,
    pattern: /\[\s*(?:developer|admin|administrator|system|operator)\s+(?:note|message|instructions?|override)\s*:/,
  },
  {
    id: 'safety_suspension',
    weight: 0.5,
    views: LATIN,
    pattern:
      /\b(?:safety|content)\s+(?:rules|filters|polic(?:y|ies)|guidelines)\s+(?:are|is|have\s+been)\s+(?:now\s+)?(?:suspended|disabled|lifted|off|removed)\b|\b(?:disable|turn\s+off|bypass|remove)\s+(?:all\s+|any\s+|the\s+|your\s+)?(?:safety|content)\s+(?:checks|filters|rules|guardrails|polic(?:y|ies))/,
  },
  {
    id: 'encoded_payload',
    weight: 0.5,
    views: LATIN,
    pattern: /\b(?:decode|base64|rot13|rot-13|combine|concatenate|join|reverse|unscramble)\b.{0,60}\b(?:follow|obey|execute|run|do\s+what)/,
  },
  {
    id: 'instruction_reference',
    weight: 0.5,
    views: LATIN,
    pattern: /\b(?:previous|prior|above|earlier|original|initial)\s+instructions\b/,
  },
  { id: 'hidden_markup', weight: 0.5, views: PLAIN, pattern: HTML_COMMENT },
];
