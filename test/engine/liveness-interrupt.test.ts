/**
 * The liveness analysis after the search stops on the same signal and deadline as the search
 * (issue 32, row 3): Ctrl-C or the time limit during the analysis gives verdict `incomplete` (exit
 * 152) with the liveness properties `incomplete`, never `ok`. The clock is injected, so the stop
 * lands inside the analysis on every machine: the search never ticks (`tickEvery` huge), so every
 * clock reading after the first is one of the analysis' polls.
 */
import { describe, expect, it } from 'vitest';
import { exploreOptionsOf } from '../../src/check/options.js';
import { prepareCheck } from '../../src/check/prepare.js';
import { explore, exploreAsync } from '../../src/engine/explore.js';
import { exitCodeFor, type Outcome } from '../../src/engine/outcome.js';

function prepared() {
  const p = prepareCheck({ model: 'peterson', params: { n: 3 }, invariants: ['mutual-exclusion', 'starvation-free'] });
  if (!p.ok) throw new Error(p.error.error.message);
  return p.value;
}

const status = (o: Outcome, name: string) => o.properties.find((p) => p.name === name)?.status;

describe('stopping the liveness analysis', () => {
  it('uninterrupted, the same check proves starvation freedom (exit 0)', () => {
    const p = prepared();
    const o = explore(p.model, exploreOptionsOf(p.options));
    expect(o.verdict).toBe('ok');
    expect(status(o, 'starvation-free')).toBe('holds');
  });

  it('an abort during the analysis: incomplete, exit 152, the safety verdicts kept', async () => {
    const p = prepared();
    const signal = { aborted: false, reason: 'SIGINT' as unknown };
    let reads = 0;
    const now = (): number => {
      // Reading 1 is the search's start; reading 3 is the analysis' second poll.
      if (++reads === 3) signal.aborted = true;
      return 0;
    };
    const o = await exploreAsync(p.model, { ...exploreOptionsOf(p.options), now, tickEvery: 1 << 30 }, signal);
    expect(reads).toBeGreaterThanOrEqual(3);
    expect(o.verdict).toBe('incomplete');
    expect(exitCodeFor(o)).toBe(152);
    expect(o.incompleteReason).toMatch(/^aborted \(SIGINT\) in the liveness analysis$/);
    expect(status(o, 'starvation-free')).toBe('incomplete');
    expect(status(o, 'mutual-exclusion')).toBe('holds');
  });

  it('the time limit during the analysis (synchronous run): incomplete, exit 152', () => {
    const p = prepared();
    let t = 0;
    // Each reading is a second later: the search's start is 0 s, the analysis' first poll 1 s, the second 2 s.
    const now = (): number => 1000 * t++;
    const o = explore(p.model, { ...exploreOptionsOf(p.options), now, tickEvery: 1 << 30, timeoutMs: 1500 });
    expect(o.verdict).toBe('incomplete');
    expect(exitCodeFor(o)).toBe(152);
    expect(o.incompleteReason).toMatch(/^time limit 1\.5s reached \(in the liveness analysis\)$/);
    expect(status(o, 'starvation-free')).toBe('incomplete');
  });
});
