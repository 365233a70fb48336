/**
 * The action index: which actions can be enabled in a state, read off its words before any guard
 * runs.
 *
 * Why this file exists: the explorer tries every ActionId's guard on every state, and in a model
 * of processes most of them fail on the first test of the process's location (peterson n=6: 36
 * guards per state, about 4 enabled). SPIN tries only the transitions out of each process's
 * current location. An action that declares its site (`ActionDef.at`: a leaf and the value it
 * must hold) is tried only in states where that leaf holds that value; an action without one is
 * always tried. The candidates of a state are a bitset over ActionIds: per indexed leaf, the set
 * of actions sited at each raw value, OR-ed together with the unsited ones. Iterating it in
 * ActionId order keeps successors, ids and traces exactly those of trying every guard, provided
 * each site is a necessary condition of its guard (test/model/action-index.test.ts checks that on
 * every reachable state of the models that declare sites, and the counts with and without it).
 *
 * What it must not do: change which actions are enabled (it only skips guards that must fail);
 * allocate per state; index a leaf wider than `MAX_SITE_BITS` (a table per raw value).
 */
import { ShapeError, packLeaf, type Leaf } from './codec.js';
import type { ActionSite } from './types.js';

/** Widest leaf a site may name: the index keeps a bitset per raw value of it. */
export const MAX_SITE_BITS = 8;

export interface ActionIndex {
  /** Int32 words per bitset: ceil(actions / 32). */
  readonly setWords: number;
  /** The actions without a site: always candidates. */
  readonly always: Int32Array;
  /** Per indexed leaf: where its bits are, and per raw value the bitset of actions sited there (`sets[raw * setWords ..]`). */
  readonly leaves: readonly { readonly word: number; readonly shift: number; readonly mask: number; readonly sets: Int32Array }[];
}

/**
 * The index of a model's actions from their sites (per ActionId; null: no site), or null when no
 * action declares one. Throws a ShapeError naming the action for an unknown leaf, a value that
 * does not fit it, or a leaf too wide.
 */
export function buildActionIndex(leaves: readonly Leaf[], sites: readonly (ActionSite | null)[], labels: readonly string[]): ActionIndex | null {
  if (sites.every((s) => s === null)) return null;
  const n = sites.length;
  const setWords = Math.max(1, Math.ceil(n / 32));
  const always = new Int32Array(setWords);
  const byPath = new Map(leaves.map((l) => [l.path, l]));
  const indexed = new Map<string, { word: number; shift: number; mask: number; sets: Int32Array }>();
  for (let a = 0; a < n; a++) {
    const site = sites[a];
    if (site === null) {
      always[a >>> 5] |= 1 << (a & 31);
      continue;
    }
    const leaf = byPath.get(site.leaf);
    if (leaf === undefined) throw new ShapeError(`action ${labels[a]}: its site names ${site.leaf}, which is not a leaf of the state`);
    if (leaf.bits > MAX_SITE_BITS) throw new ShapeError(`action ${labels[a]}: its site ${site.leaf} has ${leaf.bits} bits (at most ${MAX_SITE_BITS} can be indexed)`);
    let entry = indexed.get(site.leaf);
    if (entry === undefined) {
      const mask = (1 << leaf.bits) - 1;
      entry = { word: leaf.word, shift: leaf.shift, mask, sets: new Int32Array((mask + 1) * setWords) };
      indexed.set(site.leaf, entry);
    }
    const raw = packLeaf(leaf, site.is);
    entry.sets[raw * setWords + (a >>> 5)] |= 1 << (a & 31);
  }
  return { setWords, always, leaves: [...indexed.values()] };
}

/** Every action a candidate: what a model without sites (or a search told not to index) uses. */
export function allActions(actions: number): Int32Array {
  const set = new Int32Array(Math.max(1, Math.ceil(actions / 32)));
  for (let a = 0; a < actions; a++) set[a >>> 5] |= 1 << (a & 31);
  return set;
}

/** The candidate actions of the state in `words` into `out` (`index.setWords` words). */
export function candidates(index: ActionIndex, words: Int32Array, out: Int32Array): void {
  const sw = index.setWords;
  const always = index.always;
  for (let w = 0; w < sw; w++) out[w] = always[w];
  const leaves = index.leaves;
  for (let i = 0; i < leaves.length; i++) {
    const l = leaves[i];
    const off = ((words[l.word] >>> l.shift) & l.mask) * sw;
    const sets = l.sets;
    for (let w = 0; w < sw; w++) out[w] |= sets[off + w];
  }
}
