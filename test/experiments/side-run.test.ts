/**
 * The before/after verdict algebra shared by `history` and `compare`: a change is decided only when
 * both sides are, and `holds` needs the search to have finished.
 */
import { describe, expect, it } from 'vitest';
import { changeOf, prepareSide, propertyVerdict, runSide } from '../../src/experiments/side-run.js';

describe('side-run', () => {
  it('changeOf: newly / no longer violated, unchanged, undecided when either side is incomplete', () => {
    expect(changeOf('holds', 'violated')).toBe('newly violated');
    expect(changeOf('violated', 'holds')).toBe('no longer violated');
    expect(changeOf('holds', 'holds')).toBe('unchanged');
    expect(changeOf('violated', 'violated')).toBe('unchanged');
    expect(changeOf('incomplete', 'violated')).toBe('undecided');
    expect(changeOf('holds', 'incomplete')).toBe('undecided');
  });

  it('a side cut by a state limit holds nothing; a violation found before the limit stands', async () => {
    const cut = prepareSide({ model: 'peterson', params: { n: 3 }, invariants: [], deadlock: true, collect: true, maxStates: 10 });
    if (!cut.ok) throw new Error(cut.error.error.message);
    const r = await runSide(cut.value, {});
    expect(Object.values(r.verdicts).every((v) => v === 'incomplete')).toBe(true);
    const bad = prepareSide({ model: 'peterson', params: { n: 2, mutate: 1 }, invariants: ['mutual-exclusion'], deadlock: false });
    if (!bad.ok) throw new Error(bad.error.error.message);
    const b = await runSide(bad.value, {});
    expect(propertyVerdict(b.run, 'mutual-exclusion')).toBe('violated');
  });
});
