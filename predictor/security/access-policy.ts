/**
 * @module security/access-policy
 * The authorisation policy: allow-rules mapping principals and roles to models and actions.
 * Everything not allowed by a rule is denied. Parsed from YAML or JSON and ajv-validated.
 */
import type { Action } from '../contract/access-control.js';
import type { Principal } from '../contract/request-context.js';
import { compileDocumentSchema, parsePolicyDocument } from './parse-policy-document.js';

export const ACTIONS: readonly Action[] = ['infer', 'metadata', 'jobs', 'feedback', 'admin'];

/** One allow-rule. It applies when the principal's id is in `principals` or one of its roles is in `roles`. */
export interface AccessRule {
  readonly description?: string;
  /** Principal ids (API key ids, JWT `sub`); `*` matches every caller. */
  readonly principals?: readonly string[];
  readonly roles?: readonly string[];
  /** Model names; `*` matches all, a trailing `*` matches a prefix (`podcast-*`). */
  readonly models: readonly string[];
  readonly actions: readonly (Action | '*')[];
}

export interface AccessPolicy {
  readonly rules: readonly AccessRule[];
}

/**
 * Used when ACCESS_POLICY_FILE is unset: every caller that passed authentication may use
 * every model, but `admin` needs an explicit rule.
 */
export const DEFAULT_ACCESS_POLICY: AccessPolicy = Object.freeze({
  rules: Object.freeze([
    Object.freeze({
      description: 'default: no policy file, every authenticated caller, every action except admin',
      principals: ['*'],
      models: ['*'],
      actions: ['infer', 'metadata', 'jobs', 'feedback'] as Action[],
    }),
  ]),
});

const nameList = { type: 'array', minItems: 1, items: { type: 'string', minLength: 1, maxLength: 256 } };

export const ACCESS_POLICY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['rules'],
  properties: {
    version: { const: 1 },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['models', 'actions'],
        anyOf: [{ required: ['principals'] }, { required: ['roles'] }],
        properties: {
          description: { type: 'string' },
          principals: nameList,
          roles: nameList,
          models: { ...nameList, items: { type: 'string', pattern: '^(\\*|[A-Za-z0-9][A-Za-z0-9._-]*\\*?)$' } },
          actions: { type: 'array', minItems: 1, items: { enum: [...ACTIONS, '*'] } },
        },
      },
    },
  },
};

const validateAccessPolicy = compileDocumentSchema<AccessPolicy>(ACCESS_POLICY_SCHEMA);

/** Parses and validates a policy document; throws ConfigError naming every problem. */
export function parseAccessPolicy(text: string, sourceName: string): AccessPolicy {
  return parsePolicyDocument(text, sourceName, validateAccessPolicy);
}

function matchesModel(patterns: readonly string[], modelName: string): boolean {
  return patterns.some(
    (pattern) => pattern === '*' || pattern === modelName || (pattern.endsWith('*') && modelName.startsWith(pattern.slice(0, -1))),
  );
}

function appliesTo(rule: AccessRule, principal: Principal): boolean {
  if (rule.principals?.some((id) => id === '*' || id === principal.id)) return true;
  return rule.roles?.some((role) => principal.roles.includes(role)) ?? false;
}

/** Index of the first rule allowing `action` on `modelName` for `principal`, or -1 (denied). */
export function findAllowingRule(policy: AccessPolicy, principal: Principal, modelName: string, action: Action): number {
  return policy.rules.findIndex(
    (rule) =>
      appliesTo(rule, principal) && matchesModel(rule.models, modelName) && (rule.actions.includes('*') || rule.actions.includes(action)),
  );
}
