/**
 * Per-state metadata: parent id, action id, depth and actor switches, indexed by StateId.
 *
 * Why this file exists: a trace is parent pointers plus action ids, replayed from an initial
 * state (architecture rule 4). One parent pointer per state; nothing else is kept.
 * For an initial state, parent = -1 and action = the index of that initial state.
 *
 * What it must not do: hold states themselves (that is the seen set's arena) or graph objects.
 */
import { allocInt32, growInt32 } from './buffers.js';

export class StateMeta {
  parent = allocInt32(1024);
  action = allocInt32(1024);
  depth = allocInt32(1024);
  /** Number of actor switches on the recorded path (BFS keeps the smallest among shortest paths). */
  switches = allocInt32(1024);
  private used = 0;

  add(id: number, parent: number, action: number, depth: number, switches: number): void {
    if (id >= this.parent.length) {
      const n = id + 1;
      this.parent = growInt32(this.parent, n, this.used);
      this.action = growInt32(this.action, n, this.used);
      this.depth = growInt32(this.depth, n, this.used);
      this.switches = growInt32(this.switches, n, this.used);
    }
    this.parent[id] = parent;
    this.action[id] = action;
    this.depth[id] = depth;
    this.switches[id] = switches;
    if (id + 1 > this.used) this.used = id + 1;
  }

  /** Action ids from an initial state to `id`, and that initial state's index. */
  path(id: number): { init: number; actions: number[]; ids: number[] } {
    const actions: number[] = [];
    const ids: number[] = [];
    let cur = id;
    while (this.parent[cur] !== -1) {
      actions.push(this.action[cur]);
      ids.push(cur);
      cur = this.parent[cur];
    }
    ids.push(cur);
    return { init: this.action[cur], actions: actions.reverse(), ids: ids.reverse() };
  }

  bytes(): number {
    return this.parent.length * 16;
  }
}
