/**
 * @module security/create-access-guard
 * The AccessGuard the transport calls on every data-plane route: authenticate by the
 * configured mode, then authorise against the current policy snapshot. Every decision is a
 * metric (bounded labels) and a log event (never the credential).
 */
import type { AccessGuard, Action, Credentials } from '../contract/access-control.js';
import { ANONYMOUS_PRINCIPAL, type Principal } from '../contract/request-context.js';
import type { AuthMode } from '../config/sections/security-config.js';
import { ForbiddenError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { SecurityMetrics } from '../observability/security-metrics.js';
import { findAllowingRule } from './access-policy.js';
import { createApiKeyAuthenticator } from './api-key-authenticator.js';
import { AuthenticationFailure } from './authentication-failure.js';
import type { JwtAuthenticator } from './jwt-authenticator.js';
import type { AccessSnapshot } from './policy-store.js';

export interface AccessGuardOptions {
  readonly authMode: AuthMode;
  /** The current keys and policy (`policyStore.current`), read on every call. */
  readonly access: () => AccessSnapshot;
  /** Required when `authMode` is `jwt`. */
  readonly verifyJwt?: JwtAuthenticator;
  readonly metrics: SecurityMetrics;
  readonly logger: Logger;
}

/**
 * Creates the guard. In `none` mode every caller is the anonymous principal, still subject to
 * the policy (so `admin` stays closed unless a rule grants it).
 * @example const guard = createAccessGuard({ authMode: 'api-key', access: store.current, metrics, logger });
 */
export function createAccessGuard({ authMode, access, verifyJwt, metrics, logger }: AccessGuardOptions): AccessGuard {
  if (authMode === 'jwt' && verifyJwt === undefined) throw new Error('createAccessGuard: authMode jwt needs verifyJwt');
  const authenticateApiKey = createApiKeyAuthenticator({ keys: () => access().apiKeys });

  const resolve = async ({ bearerToken, apiKey }: Credentials): Promise<Principal> => {
    if (authMode === 'none') return ANONYMOUS_PRINCIPAL;
    if (authMode === 'api-key') {
      // `x-api-key` wins; `Authorization: Bearer <key>` is the alternative spelling.
      const key = apiKey ?? bearerToken;
      if (!key) throw new AuthenticationFailure('missing_credentials', 'API key required (Authorization: Bearer or x-api-key)');
      return authenticateApiKey(key);
    }
    if (!bearerToken) throw new AuthenticationFailure('missing_credentials', 'Bearer token required');
    return (verifyJwt as JwtAuthenticator)(bearerToken);
  };

  return {
    async authenticate(credentials) {
      try {
        const principal = await resolve(credentials);
        metrics.authDecision('authenticate', 'authenticated');
        logger.debug('authenticated', { principal: principal.id, authMethod: principal.authMethod });
        return principal;
      } catch (error) {
        metrics.authDecision('authenticate', 'unauthenticated');
        const reason = error instanceof AuthenticationFailure ? error.reason : 'internal_error';
        // A failing key source or a bug is ours to fix; a bad credential is the caller's.
        if (reason === 'key_source_unavailable' || reason === 'internal_error') {
          logger.error('authentication failed', { authMode, reason, error });
        } else {
          logger.warn('authentication failed', { authMode, reason });
        }
        throw error;
      }
    },
    authorize(principal: Principal, modelName: string, action: Action) {
      const rule = findAllowingRule(access().policy, principal, modelName, action);
      if (rule < 0) {
        metrics.authDecision(action, 'forbidden');
        logger.warn('access denied', { principal: principal.id, model: modelName, action });
        throw new ForbiddenError(`Not allowed to ${action} on model ${modelName}`);
      }
      metrics.authDecision(action, 'allowed');
      logger.debug('access allowed', { principal: principal.id, model: modelName, action, rule });
    },
  };
}
