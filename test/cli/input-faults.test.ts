/**
 * Bad inputs found by the adversarial pass of issue 32 (rows 8, 9 and 10): each must be refused
 * in one stderr line with the documented exit status (150/151), or handled without breaking the
 * contract (never a stack trace, never a report lost or faked).
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check/index.js';
import { cli } from './run.js';

describe('--workers beyond the cores (row 8)', () => {
  it('the check service caps the threads at maxWorkers and notes it', async () => {
    const r = await check({ model: 'peterson', params: { n: '3' } }, { workers: 6, maxWorkers: 2, waitForWorkers: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.result.exitCode).toBe(0);
    expect(r.value.result.parallel?.workers).toBe(2);
    expect(r.value.result.notes).toEqual([expect.stringMatching(/6 requested, capped at 2/)]);
  });

  it('no note when the workers fit', async () => {
    const r = await check({ model: 'peterson', params: { n: '2' } }, { workers: 2, maxWorkers: 2 });
    expect(r.ok && r.value.result.notes).toBeUndefined();
  });

  it('check -D n=2 --workers 1000: runs on the cores, exit 0, the cap in --json notes', () => {
    const r = cli(['check', 'peterson', '-D', 'n=2', '--workers', '1000', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { notes?: string[]; parallel?: { workers: number } };
    expect(j.notes).toEqual([`workers: 1000 requested, capped at ${availableParallelism()} (this machine's cores); results do not depend on it`]);
    expect(j.parallel?.workers ?? 1).toBeLessThanOrEqual(availableParallelism());
  });
});

describe('-D objects with a reference to an object not listed before it (row 9)', () => {
  for (const [value, ref] of [
    ['h,=1', "'=1' hands over object 1, but only object 0 comes before it"],
    ['h,e,=2', "'=2' hands over object 2, but only objects 0..1 come before it"],
  ] as const) {
    it(`objects=${value}: exit 151, one line naming the bad reference, nothing written`, () => {
      const r = cli(['check', 'kvfree-v1', '-D', `objects=${value}`, '--report-dir', '/nonexistent/never-written']);
      expect(r.code).toBe(151);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`rcucheck: error: parameter objects=${value} is not valid: ${ref}\n`);
    });
  }

  it('a reference to an earlier object is still accepted (objects=h,=0)', async () => {
    const r = await check({ model: 'kvfree-v1', params: { objects: 'h,=0' }, maxStates: 10 });
    expect(r.ok).toBe(true);
  });
});
