import { describe, expect, it } from 'vitest';
import { displayNamer } from '../../src/model/display.js';
import { compileModel, resolveParams } from '../../src/model/compile.js';
import { leafPaths, displayNamesOf } from '../../src/trace/trace.js';
import { MODELS, findModel } from '../../models/index.js';

describe('display name patterns', () => {
  const name = displayNamer({
    'cpu[]': 'krcp[]',
    'cpu[].krw[].headFree': 'krcp[].krw_arr[].head_free',
    'cpu[].krw[].h': 'worker#.#.head',
    'cpu[].bkvcache[0]': 'krcp[].bkvcache',
    'callers[]': 'caller#',
    gp: 'gp_seq',
  });

  it('renames a leaf, keeping its indices in order', () => {
    expect(name('cpu[1].krw[0].headFree')).toBe('krcp[1].krw_arr[0].head_free');
    expect(name('cpu[1].krw[0].h')).toBe('worker1.0.head');
    expect(name('gp')).toBe('gp_seq');
  });

  it('a key names the paths below it; the longest key wins; the rest stays raw', () => {
    expect(name('cpu[0].count')).toBe('krcp[0].count');
    expect(name('cpu[0].krw[1].k1')).toBe('krcp[0].krw[1].k1');
    expect(name('callers[1].pc')).toBe('caller1.pc');
  });

  it('a literal index matches only that index', () => {
    expect(name('cpu[0].bkvcache[0]')).toBe('krcp[0].bkvcache');
    expect(name('cpu[0].bkvcache[1]')).toBe('krcp[0].bkvcache[1]');
  });

  it('does not match a field name that only shares a prefix, or a path with no key', () => {
    expect(name('gpx')).toBe('gpx');
    expect(name('ghost.uaf')).toBe('ghost.uaf');
    expect(name('')).toBe('');
  });

  it('refuses a malformed key or a value with more indices than its key matches', () => {
    expect(() => displayNamer({ 'a[': 'x' })).toThrow(RangeError);
    expect(() => displayNamer({ 'a[]': 'x[][]' })).toThrow(/uses 2 indices, the key matches 1/);
    expect(() => displayNamer({ 'a[0]': 'x#' })).toThrow(RangeError);
  });

  it('no table: every path as it is', () => {
    expect(displayNamer(undefined)('cpu[0].head')).toBe('cpu[0].head');
  });
});

describe('model display tables', () => {
  it('every registered model that declares display names has a valid table', () => {
    for (const def of MODELS) {
      const p = resolveParams(def, {});
      if (!p.ok) throw new Error(p.error.message);
      const inst = def.build(p.value);
      expect(() => displayNamer(inst.display), def.id).not.toThrow();
    }
  });

  it.each(['kvfree-v1', 'kvfree-v5.9', 'kvfree-v6'])('%s names every non-ghost leaf of a two-CPU state in kernel terms', (id) => {
    const def = findModel(id)!;
    const p = resolveParams(def, { cpus: 2, objects: 'h,e' });
    if (!p.ok) throw new Error(p.error.message);
    const m = compileModel(def, p.value);
    if (!m.ok) throw new Error(m.error.message);
    const state = m.value.instance.init[0];
    const names = displayNamesOf(m.value, state);
    const shown = leafPaths(state).map((q) => names[q] ?? q);
    // No internal container name survives: CPUs are krcp[x], batches krw_arr[b], objects obj[i], pages bnode[p].
    for (const s of shown) expect(s).not.toMatch(/^(cpu\[\d\]\.(?!irqs_disabled)|objs\[|pages\[|callers\[|readers\[)|\.krw\[/);
    expect(new Set(shown).size).toBe(shown.length); // two leaves never share a name
    const v6 = id === 'kvfree-v6';
    expect(names['cpu[1].krw[0].headFree']).toBe('krcp[1].krw_arr[0].head_free');
    expect(names['cpu[0].krw[1].bkvFree[1]']).toBe(v6 ? 'krcp[0].krw_arr[1].bulk_head_free[1]' : 'krcp[0].krw_arr[1].bkvhead_free[1]');
    expect(names['cpu[0].bkvhead[0]']).toBe(v6 ? 'krcp[0].bulk_head[0]' : 'krcp[0].bkvhead[0]');
    expect(names['cpu[1].bkvcache[0]']).toBe(id === 'kvfree-v1' ? 'krcp[1].bkvcache[0]' : 'krcp[1].bkvcache');
    expect(names['cpu[0].nrCache']).toBe('krcp[0].nr_bkv_objs');
    expect(names['cpu[0].monitorTodo']).toBe('krcp[0].monitor_todo');
    expect(names['cpu[0].krw[1].rwPending']).toBe('krcp[0].krw_arr[1].rcu_work.pending');
    expect(names['cpu[1].krw[1].h']).toBe('worker1.1.head');
    expect(names['objs[1].hfunc']).toBe('obj[1].rcu_head.func');
    expect(names['objs[0].called']).toBe('ghost.obj[0].called');
    expect(names['ghost.uaf']).toBeUndefined();
  });
});
