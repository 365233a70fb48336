/**
 * Conformance, stage 2 (issue 29): the deterministic scheduler runs a hand-written interleaving
 * (conformance/scripts/interleave.txt) of the kernel's own kvfree_rcu() code on two CPUs: a
 * caller queues an object while another caller on the same CPU sleeps in the page allocator,
 * and a caller blocks on krc.lock while the monitor work, unbound on the other CPU, holds it.
 * Each context moves only when the script steps it, so the events come in the script's order.
 *
 * Skipped, with the reason, where linux-source-6.12 or gcc is absent and cannot be installed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, build, ensureTools, runScript, script, type Build } from '../../conformance/harness.js';
import { checkSmoke } from '../../conformance/smoke.js';

const why = ensureTools();

describe.skipIf(why !== null)(`a hand-written interleaving${why !== null ? ` (skipped: ${why})` : ''}`, () => {
  let b: Build;
  beforeAll(() => {
    b = build();
  }, BUILD_TIMEOUT_MS);

  it('runs each context only when stepped, blocks on a held lock, frees everything once after its GP', () => {
    const r = runScript(b, script('interleave'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const at = (line: string): number => {
      const i = r.lines.indexOf(line);
      expect(i, line).toBeGreaterThanOrEqual(0);
      return i;
    };
    // e1 is queued (and returns) while h0's caller sleeps in the allocator with krc.lock@0 free.
    expect(at('ctx=A at=alloc')).toBeLessThan(at('call-return obj=e1 cpu=0'));
    expect(at('call-return obj=e1 cpu=0')).toBeLessThan(at('page-alloc cpu=0 page=p0'));
    expect(at('page-alloc cpu=0 page=p0')).toBeLessThan(at('call-return obj=h0 cpu=0'));
    // C waits for krc.lock@0 while the monitor (on CPU 1) holds it, and goes on only after.
    expect(at('ctx=M at=locked')).toBeLessThan(at('ctx=C at=lock-wait blocked'));
    expect(at('ctx=C blocked at=lock-wait')).toBeLessThan(at('work-done work=monitor_work@0'));
    expect(at('work-done work=monitor_work@0')).toBeLessThan(at('call-return obj=e2 cpu=0'));
    // Everything freed exactly once, none before a grace period, no WARN, no harness error.
    expect(checkSmoke(r.lines, ['h0', 'e1', 'e2'])).toEqual([]);
    expect(r.lines).toContain('summary pages_live=5 warnings=0 errors=0');
  });
});
