import { expect } from 'chai';
import { loadConfig, secretValues } from '../../../predictor/config/load-config.js';
import { llmConfigSection } from '../../../predictor/config/sections/llm-config.js';

describe('llmConfigSection', () => {
  it('applies the documented defaults', () => {
    const { llm } = loadConfig({ env: {} });
    expect(llm).to.deep.equal({
      maxAttempts: 3,
      retryBaseDelayMs: 500,
      retryMaxDelayMs: 8000,
      callTimeoutMs: 120000,
      breakerFailureCount: 5,
      breakerHalfOpenAfterMs: 15000,
      isFallbackEnabled: true,
      isResponseCacheEnabled: true,
      responseCacheTtlSeconds: 3600,
      responseCacheMaxEntries: 1000,
      responseCacheMaxBytes: 67108864,
      responseCacheScope: 'principal',
      provisionedThroughput: 'off',
    });
  });

  it('reads every setting from its env var', () => {
    const { llm } = loadConfig({
      env: {
        LLM_MAX_ATTEMPTS: '5',
        LLM_RETRY_BASE_DELAY_MS: '100',
        LLM_RETRY_MAX_DELAY_MS: '2000',
        LLM_CALL_TIMEOUT_MS: '30000',
        LLM_BREAKER_FAILURES: '3',
        LLM_BREAKER_HALF_OPEN_AFTER_MS: '5000',
        LLM_MAX_CONCURRENT_CALLS: '8',
        LLM_MAX_QUEUED_CALLS: '0',
        LLM_FALLBACK_ENABLED: 'false',
        RESPONSE_CACHE_ENABLED: 'false',
        RESPONSE_CACHE_TTL_SECONDS: '60',
        RESPONSE_CACHE_MAX_ENTRIES: '10',
        RESPONSE_CACHE_MAX_BYTES: '2048',
        RESPONSE_CACHE_SCOPE: 'shared',
        REDIS_URL: 'redis://:secret@cache:6379/0',
        PRICE_TABLE_FILE: '/etc/predictor/prices.json',
        PROVISIONED_THROUGHPUT: 'dedicated',
      },
    });
    expect(llm).to.include({
      maxAttempts: 5,
      maxQueuedCallsPerModel: 0,
      isFallbackEnabled: false,
      isResponseCacheEnabled: false,
      responseCacheScope: 'shared',
    });
    expect(llm).to.include({
      redisUrl: 'redis://:secret@cache:6379/0',
      priceTableFile: '/etc/predictor/prices.json',
      provisionedThroughput: 'dedicated',
    });
  });

  it('treats REDIS_URL as a secret', () => {
    const config = loadConfig({ env: { REDIS_URL: 'redis://:pw@cache:6379' } });
    expect(secretValues(config)).to.include('redis://:pw@cache:6379');
  });

  it('rejects bad values, naming the env var', () => {
    expect(() => loadConfig({ env: { REDIS_URL: 'http://cache' } })).to.throw(/REDIS_URL/);
    expect(() => loadConfig({ env: { LLM_MAX_ATTEMPTS: '0' } })).to.throw(/LLM_MAX_ATTEMPTS/);
    expect(() => loadConfig({ env: { PROVISIONED_THROUGHPUT: 'yes' } })).to.throw(/PROVISIONED_THROUGHPUT/);
    expect(() => loadConfig({ env: { RESPONSE_CACHE_SCOPE: 'global' } })).to.throw(/RESPONSE_CACHE_SCOPE/);
  });

  it('refuses a base delay above the max delay', () => {
    expect(() => loadConfig({ env: { LLM_RETRY_BASE_DELAY_MS: '9000', LLM_RETRY_MAX_DELAY_MS: '8000' } })).to.throw(
      /LLM_RETRY_BASE_DELAY_MS must not exceed/,
    );
  });

  it('describes every setting and names its env var', () => {
    for (const [key, field] of Object.entries(llmConfigSection)) {
      expect(field.description.length, key).to.be.greaterThan(10);
      expect(field.env, key).to.match(/^[A-Z][A-Z0-9_]+$/);
    }
  });
});
