/**
 * @module pipeline/guardrails/create-guardrails
 * The guardrails the pipeline calls around each agent: on input, prompt-injection detection
 * and PII redaction; on output, schema validation, citation checks, PII leaks and echoed
 * injections. Each guardrail runs in the agent's mode (off / log / block; PII also redact),
 * a guardrail that throws is decided by the fail mode, and every decision becomes a metric
 * and a log event without the text that triggered it.
 */
import { yieldToEventLoop } from '../../clock.js';
import { LRUCache } from 'lru-cache';
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../../create-ajv.js';
import type { AgentGuardrailSettings, FailMode, PiiKind } from '../../config/sections/security-config.js';
import { ContentBlockedError } from '../../errors.js';
import type { JsonSchema } from '../../llm/language-model.js';
import type { Logger } from '../../observability/logger.js';
import type { GuardrailName, GuardrailVerdict, SecurityMetrics } from '../../observability/security-metrics.js';
import { episodeDigest, type Episode } from '../episode.js';
import { analyseEpisode, type EpisodeAnalysis } from './episode-analysis.js';
import { createInjectionDetector } from '../../security/detectors/injection-detector.js';
import { resolveAgentGuardrails } from './guardrail-settings.js';
import { findCitationProblems, findEchoedInjection, findPiiLeaks, prepareCitationCheck } from './output-checks.js';

export interface GuardrailDecision {
  readonly agent: string;
  readonly guardrail: GuardrailName;
  readonly verdict: GuardrailVerdict;
  /** Bounded codes (signal ids, PII kinds, schema paths), never the matched text. */
  readonly findings: readonly string[];
}

/** The input side of one episode, decided once for every agent before anything leaves the process. */
export interface InputScreening {
  /**
   * The episode every outbound call of the run carries (context caches, agent, chunk and
   * reduce calls, judge calls, batch jobs): PII-redacted when any agent's PII mode is
   * `redact`, since one text is shared by a context cache and its agents.
   */
  readonly episode: Episode;
  readonly isRedacted: boolean;
  /** False when redaction was asked for and failed: then nothing of the episode may leave (every agent is blocked). */
  readonly mayLeave: boolean;
  /** Agents an input guardrail blocked (or whose redaction failed), with their error. */
  readonly blocked: ReadonlyMap<string, ContentBlockedError>;
  readonly decisions: readonly GuardrailDecision[];
}

export interface Guardrails {
  /**
   * Runs the input guardrails of every agent on `episode` once and decides the one outbound
   * text. Raw text never leaves when redaction is asked for: if it fails, every agent is blocked.
   */
  screenInput(episode: Episode, agents: readonly string[]): Promise<InputScreening>;
  /** `episode` is the one `screenInput` returned (what the model saw). */
  checkOutput(agent: string, output: unknown, episode: Episode): Promise<{ readonly decisions: readonly GuardrailDecision[] }>;
}

export interface CreateGuardrailsOptions {
  /** `GUARDRAILS` as configured: per-agent overrides, `*` for all. */
  readonly overrides: Readonly<Record<string, Partial<AgentGuardrailSettings>>>;
  readonly failMode: FailMode;
  readonly piiKinds: readonly PiiKind[];
  /** The JSON schema of each agent's output (agent-output-schemas.ts). */
  readonly outputSchemas: Readonly<Record<string, JsonSchema>>;
  readonly metrics: SecurityMetrics;
  readonly logger: Logger;
  /** Lets other requests run between slices of a long transcript; `setImmediate` by default. */
  readonly yieldControl?: () => Promise<void>;
  /** Episodes whose input analysis is kept by content (default 256). */
  readonly analysisCacheEntries?: number;
}

const stopsRequest = (decision: GuardrailDecision): boolean => decision.verdict === 'blocked' || decision.verdict === 'error_closed';

/** True when any decision stops the request. */
export function isBlocked(decisions: readonly GuardrailDecision[]): boolean {
  return decisions.some(stopsRequest);
}

/** The ContentBlockedError naming the blocking guardrails (not the content), or undefined when none blocks. */
function blockedErrorOf(decisions: readonly GuardrailDecision[]): ContentBlockedError | undefined {
  const blocking = decisions.filter(stopsRequest);
  if (blocking.length === 0) return undefined;
  const names = [...new Set(blocking.map((decision) => `${decision.guardrail} (${decision.agent})`))].join(', ');
  return new ContentBlockedError(`Blocked by guardrail: ${names}`);
}

/** Throws ContentBlockedError naming the blocking guardrails (not the content) when any decision blocks. */
export function assertNotBlocked(decisions: readonly GuardrailDecision[]): void {
  const error = blockedErrorOf(decisions);
  if (error) throw error;
}

type Mode = AgentGuardrailSettings[keyof Omit<AgentGuardrailSettings, 'failMode'>];

/**
 * Creates the guardrails. Input analysis is memoised per episode object, so three agents on
 * one episode run the detectors once.
 * @example const guardrails = createGuardrails({ overrides: config.security.guardrails, failMode: config.security.guardrailFailMode, piiKinds: config.security.guardrailPiiKinds, outputSchemas: { summarizer: SUMMARY_SCHEMA, insights: INSIGHTS_SCHEMA, 'fact-checker': FACT_CHECK_SCHEMA }, metrics, logger });
 */
export function createGuardrails(options: CreateGuardrailsOptions): Guardrails {
  const {
    overrides,
    failMode,
    piiKinds,
    outputSchemas,
    metrics,
    logger,
    yieldControl = yieldToEventLoop,
    analysisCacheEntries = 256,
  } = options;
  const assess = createInjectionDetector();
  // The promise is memoised, so agents starting together on one episode share one analysis;
  // a bounded content-keyed LRU also spares the detectors (milliseconds of CPU on a long
  // transcript) for an episode seen again: a client retry, a cached response, a re-run.
  const analyses = new WeakMap<Episode, Promise<EpisodeAnalysis>>();
  const byContent = new LRUCache<string, Promise<EpisodeAnalysis>>({ max: analysisCacheEntries });
  const analyse = (episode: Episode) => {
    let analysis = analyses.get(episode);
    if (analysis) return analysis;
    const key = episodeDigest(episode);
    analysis = byContent.get(key);
    if (!analysis) {
      analysis = analyseEpisode(episode, { piiKinds, assess, yieldControl });
      byContent.set(key, analysis);
      analysis.catch(() => byContent.delete(key));
    }
    analyses.set(episode, analysis);
    return analysis;
  };
  const ajv = createAjv({ allErrors: true, strict: false });
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (agent: string) => {
    const schema = outputSchemas[agent];
    if (schema === undefined) return undefined;
    if (!validators.has(agent)) validators.set(agent, ajv.compile(schema as object));
    return validators.get(agent);
  };

  /** Runs one guardrail in `mode`: findings become the mode's verdict, a throw the fail mode's. */
  const run = async (
    agent: string,
    guardrail: GuardrailName,
    mode: Mode,
    agentFailMode: FailMode,
    check: () => readonly string[] | Promise<readonly string[]>,
  ) => {
    if (mode === 'off') return undefined;
    let decision: GuardrailDecision;
    try {
      const findings = await check();
      const verdict: GuardrailVerdict =
        findings.length === 0 ? 'pass' : mode === 'block' ? 'blocked' : mode === 'redact' ? 'redacted' : 'flagged';
      decision = { agent, guardrail, verdict, findings };
    } catch (error) {
      // A log-only guardrail can never block, whatever the fail mode.
      const verdict = mode !== 'log' && agentFailMode === 'closed' ? 'error_closed' : 'error_open';
      decision = { agent, guardrail, verdict, findings: ['guardrail_error'] };
      logger.error('guardrail failed', { agent, guardrail, verdict, error });
    }
    metrics.guardrailDecision(agent, guardrail, decision.verdict);
    if (decision.verdict === 'pass') logger.debug('guardrail passed', { agent, guardrail });
    else if (!decision.verdict.startsWith('error')) logger.warn('guardrail decision', { ...decision });
    return decision;
  };

  const present = (decisions: (GuardrailDecision | undefined)[]) => decisions.filter((decision) => decision !== undefined);

  async function checkInput(agent: string, episode: Episode) {
    const settings = resolveAgentGuardrails(overrides, failMode, agent);
    const injection = await run(agent, 'injection', settings.injection, settings.failMode, async () => {
      const analysis = await analyse(episode);
      return analysis.injectedFields.length === 0
        ? []
        : [...analysis.injectionSignals, ...analysis.injectedFields.map((path) => `field:${path}`)];
    });
    let outgoing = episode;
    const pii = await run(agent, 'pii', settings.pii, settings.failMode, async () => {
      const analysis = await analyse(episode);
      if (settings.pii === 'redact') outgoing = analysis.redactedEpisode;
      // One finding per kind: a transcript dense with PII must not make the log line unbounded.
      return [...new Set(analysis.piiKinds)];
    });
    return { episode: outgoing, decisions: present([injection, pii]), piiDecision: pii, wantsRedaction: settings.pii === 'redact' };
  }

  return {
    async screenInput(episode, agents) {
      const checks = await Promise.all(agents.map((agent) => checkInput(agent, episode)));
      const redacting = checks.filter((check) => check.wantsRedaction);
      const redactionFailed = redacting.some((check) => check.piiDecision?.verdict.startsWith('error') === true);
      const outbound = redactionFailed ? episode : (redacting.find((check) => check.episode !== episode)?.episode ?? episode);
      const blocked = new Map<string, ContentBlockedError>();
      for (const [index, check] of checks.entries()) {
        const agent = agents[index]!;
        const error = redactionFailed
          ? new ContentBlockedError('Blocked by guardrail: pii (redaction failed)')
          : blockedErrorOf(check.decisions);
        if (error) blocked.set(agent, error);
      }
      const isRedacted = outbound !== episode;
      logger.info('episode screened', {
        redacted: isRedacted,
        pii_kinds: isRedacted ? [...new Set(redacting.flatMap((check) => check.piiDecision?.findings ?? []))].sort() : [],
        blocked_agents: [...blocked.keys()],
        sent_to_agents: agents.filter((agent) => !blocked.has(agent)),
      });
      return { episode: outbound, isRedacted, mayLeave: !redactionFailed, blocked, decisions: checks.flatMap((check) => check.decisions) };
    },
    async checkOutput(agent, output, episode) {
      const settings = resolveAgentGuardrails(overrides, failMode, agent);
      const schema = await run(agent, 'output_schema', settings.outputSchema, settings.failMode, () => {
        const validate = validatorFor(agent);
        if (!validate || validate(output)) return [];
        return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.keyword}`);
      });
      const quotes = await run(agent, 'quotes', settings.quotes, settings.failMode, async () => {
        await prepareCitationCheck(episode, yieldControl);
        return findCitationProblems(output, episode);
      });
      const piiLeak = await run(agent, 'pii_leak', settings.piiLeak, settings.failMode, () => findPiiLeaks(output, piiKinds));
      const echoed = await run(agent, 'echoed_injection', settings.echoedInjection, settings.failMode, async () =>
        findEchoedInjection(output, (await analyse(episode)).injectedTexts) ? ['echoed_injected_text'] : [],
      );
      return { decisions: present([schema, quotes, piiLeak, echoed]) };
    },
  };
}
