/**
 * The package's library entry (`exports` in package.json → dist/src/check/index.js): a script
 * imports `rcucheck` by name, runs a check without spawning the CLI, and gets the same answer as
 * `rcucheck check` (the peterson mutant: a mutual-exclusion violation, its replayed trace), and
 * bad input as a value.
 */
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run.js';

describe('library entry', () => {
  it('import { check } from "rcucheck" gives the CLI\'s verdict, counts and trace', async () => {
    const { check } = (await import('rcucheck')) as typeof import('../../src/check/index.js');
    const r = await check({ model: 'peterson', params: { n: 2, mutate: 1 } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const byCli = JSON.parse(cli(['check', 'peterson', '-D', 'n=2', '-D', 'mutate=1', '--json', '--no-save-traces', '-q']).stdout) as {
      verdict: string;
      stats: { distinct: number };
      violation: { property: string; length: number };
    };
    expect(r.value.outcome.verdict).toBe('violation');
    expect(r.value.outcome.verdict).toBe(byCli.verdict);
    expect(r.value.outcome.stats.distinct).toBe(byCli.stats.distinct);
    expect(r.value.violations[0].json.property).toBe(byCli.violation.property);
    expect(r.value.violations[0].json.length).toBe(byCli.violation.length);
    expect(r.value.violations[0].trace.ok).toBe(true);
    expect(r.value.result.exitCode).toBe(12);
  });

  it('bad input is an InputError value with its exit status', async () => {
    const { check } = (await import('rcucheck')) as typeof import('../../src/check/index.js');
    const r = await check({ model: 'peterson', params: { n: 'many' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.exitCode).toBe(151);
    expect(r.error.error.code).toBe('RC003');
  });
});
