/**
 * The action index (src/model/action-index.ts): a declared site must be a necessary condition of
 * its guard, and indexing must change nothing but which guards are tried.
 *
 * For every reference model that declares sites, at several sizes (and with peterson's mutation,
 * whose WAIT guard is `true` at its site): on every reachable state, every enabled action is a
 * candidate; the index skips guards (it is used); and the outcome (counts, verdicts, traces) is
 * the one of trying every guard. A wrong site is caught by the same check (the property bites).
 */
import { describe, expect, it } from 'vitest';
import { findModel } from '../../models/index.js';
import { buildActionIndex, candidates, type ActionIndex } from '../../src/model/action-index.js';
import { compileCodec } from '../../src/model/codec.js';
import { compileModel, resolveParams, type CompiledModel } from '../../src/model/compile.js';
import { array, enumOf, int, struct } from '../../src/model/shape.js';
import { explore } from '../../src/engine/explore.js';
import type { SearchVisitor } from '../../src/engine/visitor.js';
import { comparable } from '../engine/comparable.js';

function compile(id: string, params: Record<string, number | string>): CompiledModel {
  const p = resolveParams(findModel(id)!, params);
  if (!p.ok) throw new Error(p.error.message);
  const m = compileModel(findModel(id)!, p.value);
  if (!m.ok) throw new Error(m.error.message);
  return m.value;
}

/**
 * On every reachable state of `m`: enabled actions that `index` does not offer, guards it skips,
 * and the names of the actions it sites (not always offered) and of those enabled somewhere.
 */
function audit(m: CompiledModel, index: ActionIndex): { missed: string[]; skipped: number; states: number; sited: Set<string>; enabled: Set<string> } {
  const cand = new Int32Array(index.setWords);
  const missed: string[] = [];
  const sited = new Set<string>();
  const enabled = new Set<string>();
  for (let a = 0; a < m.guards.length; a++) if ((index.always[a >>> 5] & (1 << (a & 31))) === 0) sited.add(m.actionName[a]);
  let skipped = 0;
  let states = 0;
  const visitor: SearchVisitor = {
    expanded(_id, w) {
      states++;
      candidates(index, w, cand);
      const s = m.codec.decode(w);
      for (let a = 0; a < m.guards.length; a++) {
        const offered = (cand[a >>> 5] & (1 << (a & 31))) !== 0;
        if (!offered) skipped++;
        if (!m.guards[a](s, m.actionParam[a])) continue;
        enabled.add(m.actionName[a]);
        if (!offered && missed.length < 5) missed.push(m.actionLabel[a]);
      }
      return null;
    },
    edge: () => undefined,
  };
  explore({ ...m, actionIndex: null }, { collect: true, deadlock: false, symmetry: false, workers: 1, visitor });
  return { missed, skipped, states, sited, enabled };
}

const CONFIGS: [string, Record<string, number | string>][] = [
  ['peterson', { n: 2 }],
  ['peterson', { n: 3 }],
  ['peterson', { n: 4 }],
  ['peterson', { n: 3, mutate: 1 }],
  ['philosophers', { n: 3 }],
  ['philosophers', { n: 5 }],
  ['philosophers', { n: 7 }],
  // The kvfree models: every sited step of v1, v5.9 (v5.11) and v6 (today's and the oldest v6
  // release, with the shrinker, the refill worker and the dynamic head) enabled somewhere below.
  ['kvfree-v1', { objects: 'e,e', readers: 1 }],
  ['kvfree-v1', { cpus: 2, objects: 'e,h', readers: 0 }],
  ['kvfree-v1', { objects: 'h,=0', readers: 0, boot: 'boot' }],
  ['kvfree-v1', { objects: 'h,e', readers: 0, rcu: 'tiny' }],
  ['kvfree-v5.9', { objects: 'e,h', readers: 0, shrinkCore: 1 }],
  ['kvfree-v5.9', { objects: 'e,=0', readers: 0 }],
  ['kvfree-v5.9', { objects: 'h,e', readers: 0, kernel: 'v5.11', shrinker: 1 }],
  ['kvfree-v6', { objects: 'e,h', readers: 1 }],
  ['kvfree-v6', { objects: 'e,h', readers: 0, shrinker: 1 }],
  ['kvfree-v6', { objects: 'e,h', readers: 0, kernel: 'v6.3-merge-cc37d52076a9' }],
  ['kvfree-v6', { objects: 'h,e', readers: 0, refill: 1, tag: 'dyn-head' }],
  ['kvfree-v6', { objects: 'e,e', readers: 0, teardown: 'barrier' }],
  ['kvfree-v6', { objects: 'e,e', readers: 0, teardown: 'destroy' }],
];

describe('declared sites are necessary conditions of their guards, on every reachable state', () => {
  /** Each configuration's audit, made once: by its own test, or by the coverage test when run alone. */
  const audits = new Map<string, { m: CompiledModel; r: ReturnType<typeof audit> }>();
  const audited = (id: string, params: Record<string, number | string>) => {
    const key = `${id} ${JSON.stringify(params)}`;
    let a = audits.get(key);
    if (a === undefined) {
      const m = compile(id, params);
      expect(m.actionIndex).not.toBeNull();
      a = { m, r: audit(m, m.actionIndex!) };
      audits.set(key, a);
    }
    return a;
  };

  it.each(CONFIGS)('%s %o', (id, params) => {
    const { m, r } = audited(id, params);
    expect(r.missed).toEqual([]);
    expect(r.states).toBeGreaterThan(10);
    // The index is used: most guards of a process model are never tried.
    expect(r.skipped).toBeGreaterThan(r.states * (m.guards.length / 2));
  });

  it('every sited action is enabled in some configuration above (so each site is checked)', () => {
    const byModel = new Map<string, { sited: Set<string>; enabled: Set<string> }>();
    for (const [id, params] of CONFIGS) {
      const { r } = audited(id, params);
      const seen = byModel.get(id) ?? { sited: new Set<string>(), enabled: new Set<string>() };
      byModel.set(id, seen);
      for (const n of r.sited) seen.sited.add(n);
      for (const n of r.enabled) seen.enabled.add(n);
    }
    for (const [id, { sited, enabled }] of byModel) {
      expect(sited.size).toBeGreaterThan(0);
      expect([...sited].filter((n) => !enabled.has(n)).map((n) => `${id}: ${n}`)).toEqual([]);
    }
  });

  it('a wrong site is caught (peterson n=3: "exit cs" sited at NCS)', () => {
    const m = compile('peterson', { n: 3 });
    const sites = m.actionName.map((name, a) => {
      const i = m.actionParam[a] as number;
      const loc = { start: 'NCS', 'set victim': 'VICTIM', 'pass level': 'WAIT', 'enter cs': 'WAIT', 'set level': 'SETLEVEL', 'exit cs': 'NCS' }[name]!;
      return { leaf: `proc[${i}].loc`, is: loc };
    });
    const wrong = buildActionIndex(m.codec.leaves, sites, m.actionLabel)!;
    const r = audit(m, wrong);
    expect(r.missed.length).toBeGreaterThan(0);
    expect(r.missed[0]).toMatch(/^exit cs/);
    // And the search with it loses states: the audit is what stands between a wrong site and a wrong count.
    const indexed = explore({ ...m, actionIndex: wrong }, { collect: true, workers: 1 });
    const plain = explore({ ...m, actionIndex: null }, { collect: true, workers: 1 });
    expect(indexed.stats.distinct).toBeLessThan(plain.stats.distinct);
  });
});

describe('indexing changes nothing but the guards tried', () => {
  it.each(CONFIGS)('%s %o: the same outcome with and without the index', (id, params) => {
    const m = compile(id, params);
    const withIndex = explore(m, { collect: true, workers: 1 });
    const without = explore({ ...m, actionIndex: null }, { collect: true, workers: 1 });
    expect(comparable(withIndex)).toEqual(comparable(without));
    expect(withIndex.stats.distinct).toBeGreaterThan(10);
  });
});

describe('buildActionIndex', () => {
  const codec = compileCodec(struct({ pc: array(2, enumOf(['A', 'B', 'C'])), wide: int(0, 1000) }));
  const labels = ['a0', 'a1', 'b0', 'free'];

  it('offers the actions sited at the value each leaf holds, and every unsited action', () => {
    const index = buildActionIndex(codec.leaves, [{ leaf: 'pc[0]', is: 'A' }, { leaf: 'pc[1]', is: 'A' }, { leaf: 'pc[0]', is: 'B' }, null], labels)!;
    const cand = new Int32Array(index.setWords);
    const offered = (pc: ['A' | 'B' | 'C', 'A' | 'B' | 'C']) => {
      candidates(index, codec.encode({ pc, wide: 7 }), cand);
      return labels.filter((_, a) => (cand[a >>> 5] & (1 << (a & 31))) !== 0);
    };
    expect(offered(['A', 'A'])).toEqual(['a0', 'a1', 'free']);
    expect(offered(['B', 'C'])).toEqual(['b0', 'free']);
    expect(offered(['C', 'C'])).toEqual(['free']);
  });

  it('no site declared: no index', () => {
    expect(buildActionIndex(codec.leaves, [null, null], ['x', 'y'])).toBeNull();
  });

  it('refuses, naming the action, an unknown leaf, a value that does not fit, and a leaf too wide', () => {
    expect(() => buildActionIndex(codec.leaves, [{ leaf: 'pc[2]', is: 'A' }], ['a2'])).toThrow(/action a2: its site names pc\[2\], which is not a leaf/);
    expect(() => buildActionIndex(codec.leaves, [{ leaf: 'pc[0]', is: 'D' }], ['a0'])).toThrow(/pc\[0\]: D is not one of A\|B\|C/);
    expect(() => buildActionIndex(codec.leaves, [{ leaf: 'wide', is: 3 }], ['w'])).toThrow(/action w: its site wide has 10 bits/);
  });
});
