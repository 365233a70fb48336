import { describe, expect, it } from 'vitest';
import { bool, int, struct } from '../../src/model/shape.js';
import { defineModel, type ActionDef } from '../../src/model/types.js';
import { compileModel } from '../../src/model/compile.js';
import { explore } from '../../src/engine/explore.js';
import { buildTrace } from '../../src/trace/trace.js';
import { traceFiles } from '../../src/report/trace-files.js';
import { readItf } from '../../src/trace/itf.js';
import { confirmTrace } from '../../src/trace/confirm.js';
import { compiled, hasModel } from './fixtures.js';

// Two initial states; only the second can reach x = 3 (the invariant says x < 3).
const counter = defineModel({
  id: 'two-inits',
  description: 'test model with two initial states',
  params: {},
  propertyNames: ['small'],
  build() {
    type S = { x: number; armed: boolean };
    const actions: ActionDef<S, undefined>[] = [
      { name: 'tick', actor: 'cpu0', enabled: (s) => s.armed && s.x < 3, apply: (d) => void (d.x += 1) },
      { name: 'idle', actor: 'cpu1', enabled: (s) => !s.armed && s.x === 0, apply: (d) => void (d.x = 0) },
    ];
    return {
      shape: struct({ x: int(0, 3), armed: bool() }),
      init: [
        { x: 0, armed: false },
        { x: 1, armed: true },
      ],
      actions,
      properties: [{ kind: 'invariant' as const, name: 'small', description: 'x stays below 3', holds: (s: Readonly<S>) => s.x < 3, explain: (s: Readonly<S>) => `x reached ${s.x}` }],
      validEnd: () => true,
    };
  },
});

describe('traces from a non-first initial state', () => {
  it('records the initial state index in ITF and confirms from it', () => {
    const c = compileModel(counter, {});
    if (!c.ok) throw new Error(c.error.message);
    const o = explore(c.value);
    const v = o.violations[0];
    expect(v.trace.init).toBe(1);
    const t = buildTrace(c.value, v);
    if (!t.ok) throw new Error(t.error.message);
    const files = traceFiles(t.value, c.value);
    const itf = readItf(files['trace.itf.json']);
    if (!itf.ok) throw new Error(itf.error.message);
    expect(itf.value.meta.init).toBe(1);
    const r = confirmTrace(itf.value, { find: (id) => (id === 'two-inits' ? counter : undefined) });
    expect(r.ok && r.value.message).toBe('confirmed: invariant small violated after step 2 of two-inits: x reached 3');
    // With the wrong initial state index the trace diverges at the initial state.
    itf.value.meta.init = 0;
    const bad = confirmTrace(itf.value, { find: () => counter });
    expect(!bad.ok && bad.error.message).toBe(
      'trace diverges from model two-inits at the initial state (0): field x is 0 in the model but 1 in the trace',
    );
  });
});

const KVFREE_MUTATIONS = ['no-gp-wait', 'double-free', 'skip-untag', 'no-count', 'sync-under-lock', 'leak-batch', 'next-after-free'];

describe.runIf(hasModel('kvfree-v1'))('kvfree-v1 bug-seeded traces replay to their violation', () => {
  for (const mutation of KVFREE_MUTATIONS) {
    it(`mutation=${mutation}`, () => {
      const m = compiled('kvfree-v1', { mutation });
      const v = explore(m).violations[0];
      expect(v).toBeDefined();
      const t = buildTrace(m, v);
      if (!t.ok) throw new Error(t.error.message);
      const itf = readItf(traceFiles(t.value)['trace.itf.json']);
      if (!itf.ok) throw new Error(itf.error.message);
      const r = confirmTrace(itf.value);
      expect(r.ok && r.value.exitCode).toBe(12);
      expect(r.ok && r.value.property).toBe(v.property);
    });
  }
});
