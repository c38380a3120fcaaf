import { expect } from 'chai';
import type { Principal } from '../../predictor/contract/request-context.js';
import { ConfigError } from '../../predictor/errors.js';
import { DEFAULT_ACCESS_POLICY, findAllowingRule, parseAccessPolicy } from '../../predictor/security/access-policy.js';

const principal = (id: string, roles: string[] = []): Principal => ({ id, roles, authMethod: 'api-key' });

const POLICY_YAML = `
version: 1
rules:
  - description: analysts use the podcast models
    roles: [analyst]
    models: [podcast-*]
    actions: [infer, metadata, feedback]
  - principals: [batch-bot]
    models: [podcast-pipeline]
    actions: [jobs]
  - principals: [ops]
    models: ["*"]
    actions: ["*"]
`;

describe('parseAccessPolicy', () => {
  it('parses the YAML format documented in docs/security.md', () => {
    expect(parseAccessPolicy(POLICY_YAML, 'policy.yaml').rules).to.have.length(3);
  });

  it('parses the JSON form too', () => {
    const policy = parseAccessPolicy(JSON.stringify({ rules: [{ roles: ['a'], models: ['m'], actions: ['infer'] }] }), 'policy.json');
    expect(policy.rules[0]?.actions).to.deep.equal(['infer']);
  });

  it('reports an unknown action, a rule without subjects and a bad model pattern at once', () => {
    const text = JSON.stringify({
      rules: [
        { roles: ['a'], models: ['m'], actions: ['delete'] },
        { models: ['m'], actions: ['infer'] },
        { roles: ['a'], models: ['po*dcast'], actions: ['infer'] },
      ],
    });
    const attempt = () => parseAccessPolicy(text, 'policy.json');
    expect(attempt).to.throw(ConfigError);
    expect(attempt).to.throw(/policy.json\/rules\/0\/actions\/0/);
    expect(attempt).to.throw(/policy.json\/rules\/1/);
    expect(attempt).to.throw(/policy.json\/rules\/2\/models\/0/);
  });
});

describe('findAllowingRule', () => {
  const policy = parseAccessPolicy(POLICY_YAML, 'policy.yaml');

  it('allows by role with a prefix model pattern', () => {
    expect(findAllowingRule(policy, principal('x', ['analyst']), 'podcast-pipeline', 'infer')).to.equal(0);
  });

  it('denies an action the role lacks', () => {
    expect(findAllowingRule(policy, principal('x', ['analyst']), 'podcast-pipeline', 'jobs')).to.equal(-1);
  });

  it('denies a model outside the pattern', () => {
    expect(findAllowingRule(policy, principal('x', ['analyst']), 'other-model', 'infer')).to.equal(-1);
  });

  it('allows by principal id and by wildcards', () => {
    expect(findAllowingRule(policy, principal('batch-bot'), 'podcast-pipeline', 'jobs')).to.equal(1);
    expect(findAllowingRule(policy, principal('ops'), 'anything', 'admin')).to.equal(2);
  });

  it('denies a principal no rule mentions', () => {
    expect(findAllowingRule(policy, principal('stranger', ['guest']), 'podcast-pipeline', 'metadata')).to.equal(-1);
  });
});

describe('DEFAULT_ACCESS_POLICY', () => {
  it('lets every caller do everything but admin', () => {
    const anyone = principal('anyone');
    for (const action of ['infer', 'metadata', 'jobs', 'feedback'] as const) {
      expect(findAllowingRule(DEFAULT_ACCESS_POLICY, anyone, 'm', action)).to.equal(0);
    }
    expect(findAllowingRule(DEFAULT_ACCESS_POLICY, anyone, 'm', 'admin')).to.equal(-1);
  });
});

describe('docs/examples', () => {
  it('ships an access policy and an API keys file that parse', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseApiKeysFile, hashApiKey } = await import('../../predictor/security/api-key-authenticator.js');
    const policyText = readFileSync(new URL('../../docs/examples/access-policy.yaml', import.meta.url), 'utf8');
    const keysText = readFileSync(new URL('../../docs/examples/api-keys.yaml', import.meta.url), 'utf8');
    expect(parseAccessPolicy(policyText, 'access-policy.yaml').rules).to.have.length(4);
    expect(parseApiKeysFile(keysText, 'api-keys.yaml')[0]?.sha256).to.equal(hashApiKey('example-analyst-key'));
  });
});
