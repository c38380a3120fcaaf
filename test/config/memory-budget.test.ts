import { expect } from 'chai';
import { loadConfig } from '../../predictor/config/load-config.js';
import { IDLE_RSS_BYTES, MEMORY_LIMIT_SHARE, memoryBudgetOf, REQUEST_MEMORY_PER_BODY_BYTE } from '../../predictor/config/memory-budget.js';
import { ConfigError } from '../../predictor/errors.js';

const MIB = 1024 * 1024;

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig({ env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

/** The `NAME <= value` / `NAME >= value` fixes a refusal proposes. */
function proposedFixes(problem: string): Record<string, string> {
  return Object.fromEntries([...problem.matchAll(/([A-Z_]+) [<>]= (\d+)/g)].map((match) => [match[1] ?? '', match[2] ?? '']));
}

describe('memory budget', () => {
  it('checks nothing without a memory limit (npm start on a laptop)', () => {
    expect(problemsOf({ MAX_BODY_BYTES: String(100 * MIB), CONTAINER_CONCURRENCY: '64' })).to.deep.equal([]);
  });

  it('refuses a body and concurrency over 75% of the limit in one line naming the settings and what would fit', () => {
    const env = { MEMORY_LIMIT_BYTES: String(512 * MIB), CONTAINER_CONCURRENCY: '8', MAX_BODY_BYTES: String(10 * MIB) };

    const problems = problemsOf(env);

    expect(problems).to.have.length(1);
    const [problem = ''] = problems;
    expect(problem).to.not.include('\n');
    expect(problem).to.match(
      /^MAX_BODY_BYTES=10485760 with CONTAINER_CONCURRENCY=8 does not fit MEMORY_LIMIT_BYTES=536870912: worst case /,
    );
    const fixes = proposedFixes(problem);
    expect(fixes).to.have.keys('MAX_BODY_BYTES', 'MEMORY_LIMIT_BYTES');
    // Each proposed fix, applied alone, is accepted; one byte past it is not.
    expect(problemsOf({ ...env, MAX_BODY_BYTES: fixes.MAX_BODY_BYTES ?? '' })).to.deep.equal([]);
    expect(problemsOf({ ...env, MAX_BODY_BYTES: String(Number(fixes.MAX_BODY_BYTES) + 1) })).to.have.length(1);
    expect(problemsOf({ ...env, MEMORY_LIMIT_BYTES: fixes.MEMORY_LIMIT_BYTES ?? '' })).to.deep.equal([]);
  });

  it('proposes a lower concurrency when one would fit', () => {
    const env = { MEMORY_LIMIT_BYTES: String(1024 * MIB), CONTAINER_CONCURRENCY: '16', MAX_BODY_BYTES: String(2 * MIB) };

    const fixes = proposedFixes(problemsOf(env)[0] ?? '');

    expect(fixes.CONTAINER_CONCURRENCY).to.equal('10');
    expect(problemsOf({ ...env, CONTAINER_CONCURRENCY: '10' })).to.deep.equal([]);
    expect(problemsOf({ ...env, CONTAINER_CONCURRENCY: '11' })).to.have.length(1);
  });

  it('refuses a memory limit without a concurrency to divide it by', () => {
    expect(problemsOf({ MEMORY_LIMIT_BYTES: String(4096 * MIB) })).to.deep.equal([
      "MEMORY_LIMIT_BYTES=4294967296 needs CONTAINER_CONCURRENCY (requests at once, as the InferenceService's containerConcurrency) to bound the worst case; 0 means unlimited",
    ]);
  });

  it('counts the job submission body when jobs are on and it is the larger', () => {
    const env = { MEMORY_LIMIT_BYTES: String(1024 * MIB), CONTAINER_CONCURRENCY: '8', MAX_BODY_BYTES: String(2 * MIB) };

    expect(problemsOf(env)).to.deep.equal([]);
    expect(problemsOf({ ...env, JOBS_ENABLED: 'true', JOBS_MAX_BODY_BYTES: String(8 * MIB) })[0]).to.match(
      /^JOBS_MAX_BODY_BYTES=8388608 with CONTAINER_CONCURRENCY=8 /,
    );
    expect(problemsOf({ ...env, JOBS_MAX_BODY_BYTES: String(8 * MIB) })).to.deep.equal([]);
  });

  it('fits exactly at the boundary: idle plus every request at its largest body equals 75% of the limit', () => {
    const largestBodyBytes = 1 * MIB;
    const containerConcurrency = 4;
    const worstCaseBytes = IDLE_RSS_BYTES + containerConcurrency * REQUEST_MEMORY_PER_BODY_BYTE * largestBodyBytes;
    const memoryLimitBytes = worstCaseBytes / MEMORY_LIMIT_SHARE;

    expect(memoryBudgetOf({ memoryLimitBytes, containerConcurrency, largestBodyBytes }).isWithinLimit).to.equal(true);
    expect(memoryBudgetOf({ memoryLimitBytes: memoryLimitBytes - 2, containerConcurrency, largestBodyBytes }).isWithinLimit).to.equal(
      false,
    );
  });
});
